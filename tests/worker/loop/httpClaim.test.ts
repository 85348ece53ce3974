/**
 * A claim whose request grants `http`, through the worker's runner with the real executor and a
 * real local HTTP server (development mode: plain http to loopback): the capability reaches the
 * executor, the keystore's secrets are redacted from the transcript, the transcript is uploaded
 * before the resolution with bytes whose sha256 is the hash resolved, and the response carries the
 * HTTP usage. The coordinator (FakePort) and the keystore (a provider returning one secret) are
 * the only fakes.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { Writable } from 'node:stream';
import { createLogger } from '../../../common/logger.ts';
import type { ClaimTicket } from '../../../common/tickets/index.ts';
import type { Sha256Hex } from '../../../common/types/index.ts';
import { Executor } from '../../../worker/executor/index.ts';
import { runClaim } from '../../../worker/loop/JobRunner.ts';
import { ModuleCache } from '../../../worker/loop/ModuleCache.ts';
import { wasmUrlRequest } from '../../coordinator/helpers/fixtures.ts';
import { httpGuest } from '../../executor/helpers/httpGuest.ts';
import { startServer, type LocalServer } from '../../executor/helpers/localHttpServer.ts';
import { FakePort } from './fakePort.ts';
import { RecordingResolveSubmitter } from './helpers.ts';

const SECRET = 'tok-secret-8c1f2e';

describe('worker runner: a request with an http capability', function () {
  this.timeout(60_000);
  let api: LocalServer;
  let executor: Executor;
  before(async () => {
    api = await startServer((_req, _body, res) => res.end('{"price":42}'));
    executor = new Executor({ threads: 1, http: { devMode: true } });
  });
  after(async () => {
    await executor?.close();
    await api?.close();
  });

  it('runs with the capability, redacts the secrets, uploads the transcript before resolving, reports HTTP usage', async () => {
    const wasm = await httpGuest([{ url: `${api.origin}/price`, headers: `Authorization: Bearer ${SECRET}\n` }]);
    const sha = createHash('sha256').update(wasm).digest('hex') as Sha256Hex;
    const modules = new ModuleCache(1 << 20);
    modules.set(sha, wasm);
    const port = new FakePort();
    port.ticket = { claims: {} as ClaimTicket['claims'], signature: '00' };
    const submitter = new RecordingResolveSubmitter();
    const resolveAfterUpload: boolean[] = [];
    const resolving = {
      resolve: async (...a: Parameters<RecordingResolveSubmitter['resolve']>) => {
        resolveAfterUpload.push(port.transcripts.length === 1);
        return submitter.resolve(...a);
      },
    };
    const base = wasmUrlRequest(1, sha);
    // An exchange costs fuel (instrument/costModel.ts): the fixture's million is too little.
    const request = {
      ...base,
      limits: { ...base.limits, maxInstructions: 2_000_000_000, maxExecutionMs: 20_000 },
      secretsRef: { owner: 'alice.test', profile: 'p' },
      http: { allow: [`127.0.0.1:${api.port}`], maxRequests: 2, maxResponseBytes: 1024 },
    };
    const sink = new Writable({
      write(_c, _e, cb) {
        cb();
      },
    });
    await runClaim(
      {
        coordinator: port,
        builder: {
          pin: async (s) => s,
          build: async () => {
            throw new Error('no builds here');
          },
        },
        modules,
        log: createLogger({ service: 'test' }, sink),
        lockTtlMs: 1_000,
        waitPollMs: 10,
        inFlight: new Map(),
        executor,
        secrets: { fetchSecrets: async () => ({ API_TOKEN: SECRET }) },
        submitter: resolving,
        heartbeatMs: 60_000,
        allowFileSources: true,
      },
      { request, jobs: [{ id: 'exec-1', type: 'execute' }], moduleSha256: sha },
      new AbortController().signal,
    );

    assert.deepEqual(port.fails, []);
    assert.equal(api.seen.length, 1, JSON.stringify(submitter.resolutions));
    assert.equal(api.seen[0]!.headers.authorization, `Bearer ${SECRET}`, 'the program sent the secret');
    const [upload] = port.transcripts;
    assert.ok(upload);
    assert.deepEqual(resolveAfterUpload, [true], 'uploaded before resolving');
    const text = Buffer.from(upload.bytes).toString('utf8');
    assert.ok(!text.includes(SECRET), 'the transcript never holds the secret');
    assert.equal(createHash('sha256').update(upload.bytes).digest('hex'), upload.sha256);
    const [resolved] = submitter.resolutions;
    assert.deepEqual(resolved!.response.output, { format: 'text', value: '{"price":42}\n' });
    assert.equal(resolved!.response.transcriptSha256, upload.sha256);
    assert.equal(resolved!.response.resourcesUsed.httpRequests, 1);
    assert.equal(resolved!.response.resourcesUsed.httpResponseBytes, '{"price":42}'.length);
    assert.deepEqual(port.completed, ['exec-1']);
  });
});
