/**
 * CoordinatorClient parses every answer with coordinator/api's schemas (issue 13): on a scripted
 * server, a malformed answer — a wrong shape, a forged sha256, a bad log frame — is a coded
 * COORDINATOR__BAD_RESPONSE, never a value cast to the expected type; a server's error code is used
 * only when the registry knows it, any other is COMMON__REMOTE_ERROR carrying the raw code.
 */
import assert from 'node:assert/strict';
import { CoordinatorClient } from '../../coordinator/client/CoordinatorClient.ts';
import { isErrandError } from '../../common/errors/index.ts';
import { sendJson, startScriptedServer, type Script, type ScriptedServer } from '../common/helpers/scriptedServer.ts';
import { coded, rejection } from '../common/helpers/rejections.ts';

const UUID = '0b9f1c1e-3d7a-4c55-9d1e-6f2b8a1c0d11';
const JOB = '1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f';
const AT = '2026-01-02T03:04:05.678Z';
const SHA = 'ab'.repeat(32);

/** A request record as the coordinator answers it. */
const RECORD = {
  chain: 'near',
  contractId: 'errand.test',
  requestId: '7',
  senderId: 'alice.test',
  payerId: 'alice.test',
  source: { kind: 'wasm_url', url: 'https://example.com/m.wasm', sha256: SHA },
  input: 'hi',
  limits: { maxInstructions: 1000, maxMemoryMb: 16, maxExecutionMs: 1000, maxCompileMs: 1000 },
  responseFormat: 'text',
  deposit: '1',
  blockHeight: 5,
  id: UUID,
  status: 'claimed',
  sourceKey: null,
  pinnedCommit: null,
  claimedBy: 'w1',
  attempts: 0,
  lastError: null,
  rejectCode: null,
  response: null,
  resolveTx: null,
  chainResolvedAt: null,
  failureResolvedAt: null,
  createdAt: AT,
  updatedAt: AT,
};
const CLAIM = { request: RECORD, jobs: [{ id: JOB, type: 'execute', attempts: 0, leaseUntil: AT }], wasmSha256: SHA };

describe('CoordinatorClient answers', () => {
  let server: ScriptedServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  async function clientFor(script: Script): Promise<CoordinatorClient> {
    server = await startScriptedServer(script);
    return new CoordinatorClient({ baseUrl: server.url, token: 't', timeoutMs: 5_000 });
  }

  it('a well-formed claim is parsed: the sha256s are brands made by their parse function', async () => {
    const client = await clientFor((_q, res) => sendJson(res, 200, { claim: CLAIM }));
    const claim = await client.poll(0);
    assert.deepEqual(claim, CLAIM);
  });

  for (const [name, body] of [
    ['a claim whose module hash is not 64 lowercase hex', { claim: { ...CLAIM, wasmSha256: 'AB'.repeat(32) } }],
    ['a claim whose request lacks its limits', { claim: { ...CLAIM, request: { ...RECORD, limits: undefined } } }],
    ['a claim with an unknown job type', { claim: { ...CLAIM, jobs: [{ ...CLAIM.jobs[0], type: 'deploy' }] } }],
    ['a claim with no jobs', { claim: { ...CLAIM, jobs: [] } }],
    ['an answer without its claim field', { claims: [] }],
    ['an array instead of an object', [CLAIM]],
  ] as const) {
    it(`${name} is COORDINATOR__BAD_RESPONSE`, async () => {
      const client = await clientFor((_q, res) => sendJson(res, 200, body));
      const e = await rejection(client.poll(0));
      assert.ok(isErrandError(e, 'COORDINATOR__BAD_RESPONSE'), String(e));
      assert.equal(e.context.status, 200);
      assert.match(e.message, /POST \/v1\/poll/);
    });
  }

  it('a forged module hash from by-source and a malformed lock answer are refused', async () => {
    const client = await clientFor((q, res) =>
      q.url?.startsWith('/v1/wasm/by-source')
        ? sendJson(res, 200, { sha256: '../../etc/passwd', bytes: 1, trusted: true })
        : sendJson(res, 200, { acquired: 'yes', key: 'k' }),
    );
    assert.ok(isErrandError(await rejection(client.wasmBySource('git:x')), 'COORDINATOR__BAD_RESPONSE'));
    assert.ok(isErrandError(await rejection(client.acquireLock('k', 1000)), 'COORDINATOR__BAD_RESPONSE'));
  });

  it('a malformed claim ticket and a malformed record are refused', async () => {
    const client = await clientFor((q, res) =>
      q.url?.endsWith('/ticket')
        ? sendJson(res, 200, { ticket: { claims: {}, signature: 'x' } })
        : sendJson(res, 200, { request: { ...RECORD, status: 'exploded' } }),
    );
    assert.ok(isErrandError(await rejection(client.claimTicket(JOB)), 'COORDINATOR__BAD_RESPONSE'));
    assert.ok(isErrandError(await rejection(client.getRequest(UUID)), 'COORDINATOR__BAD_RESPONSE'));
  });

  it('a rejected request (neutral fields) is a valid record; a queued one with them is not', async () => {
    const rejected = { ...RECORD, status: 'failed', rejectCode: 'COORDINATOR__REQUEST_REJECTED', senderId: '', payerId: '', source: {}, limits: {} };
    const client = await clientFor((q, res) =>
      sendJson(res, 200, { requests: [q.url?.includes('status=queued') ? { ...rejected, status: 'queued' } : rejected] }),
    );
    assert.deepEqual(await client.listRequests({ status: 'failed' }), [rejected]);
    assert.ok(isErrandError(await rejection(client.listRequests({ status: 'queued' })), 'COORDINATOR__BAD_RESPONSE'));
  });

  it('log frames are parsed: a good stream yields its entries, a bad frame is COORDINATOR__BAD_RESPONSE', async () => {
    const entry = { id: 1, stream: 'build', chunk: 'compiling', at: AT };
    const client = await clientFor((q, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      const bad = q.url?.includes('bad');
      res.end(
        `id: 1\nevent: log\ndata: ${JSON.stringify(bad ? { ...entry, stream: 'secrets' } : entry)}\n\nevent: end\ndata: {"status":"done","lastId":1}\n\n`,
      );
    });
    const got = [];
    for await (const e of client.streamLogs(JOB)) got.push(e);
    assert.deepEqual(got, [entry]);
    const bad = async () => {
      for await (const _ of client.streamLogs(`bad/${JOB}`)) void _;
    };
    assert.ok(isErrandError(await rejection(bad()), 'COORDINATOR__BAD_RESPONSE'));
  });

  it('a known error code comes back as itself; an unknown one is COMMON__REMOTE_ERROR with the raw code', async () => {
    const client = await clientFor((q, res) =>
      q.url?.includes('heartbeat')
        ? sendJson(res, 409, { error: 'lease lost', code: 'COORDINATOR__LEASE_LOST', details: { jobId: JOB, workerId: 'w1' } })
        : sendJson(res, 418, { error: 'from the future', code: 'COORDINATOR__TEAPOT', details: { x: 1 } }),
    );
    assert.deepEqual(coded(await rejection(client.heartbeatJob(JOB))), {
      code: 'COORDINATOR__LEASE_LOST',
      message: 'lease lost',
      context: { jobId: JOB, workerId: 'w1' },
    });
    const e = coded(await rejection(client.releaseLock('k', 'AAAAAAAAAAAAAAAAAAAAAA')));
    assert.equal(e.code, 'COMMON__REMOTE_ERROR');
    assert.deepEqual(e.context, { service: 'coordinator', status: 418, remoteCode: 'COORDINATOR__TEAPOT', remoteMessage: 'from the future' });
  });
});
