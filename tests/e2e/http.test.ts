/**
 * End to end, a program that calls the web: a request with an `http` capability goes through the
 * real local NEAR chain, coordinator and a bubblewrap-building worker to a local HTTP server
 * (plain http and loopback are allowed only because the dev stack runs in development mode); the
 * transcript hash resolved on-chain is the sha256 of the transcript the coordinator keeps, and
 * `errand verify` replays it (no network) and says "match". Then a worker that lies (played by
 * this test: it claims through the coordinator, hands in the honest module and transcript, and
 * resolves on-chain with its registered key and a forged output): `errand verify` says "mismatch".
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { KeyPair } from '@near-js/crypto';
import type { DevStack } from '../../cli/dev/startDevStack.ts';
import { run as verify } from '../../cli/commands/verify.ts';
import type { ExecutionResponse, HttpCapability } from '../../common/types/index.ts';
import { CoordinatorClient } from '../../coordinator/client/CoordinatorClient.ts';
import { startServer, type LocalServer } from '../executor/helpers/localHttpServer.ts';
import { requireTools } from '../setup/requireTools.ts';
import { admin, headCommit, LIMITS, requestAndSettle, startE2eStack, stepLog } from './helpers.ts';
import { captureStdout, httpProgramRepo } from './httpProgram.ts';

const sha256 = (b: Uint8Array | string): string => createHash('sha256').update(b).digest('hex');

/** `errand verify ID` in-process against the stack, with what it printed. */
function runVerify(stack: DevStack, requestId: string): Promise<{ code: number; out: string }> {
  return captureStdout(() =>
    verify([
      requestId,
      '--rpc-url',
      stack.chain.near.rpcUrl,
      '--contract',
      stack.chain.contractId,
      '--coordinator',
      stack.coordinator.url,
      '--token',
      stack.coordinator.adminToken,
    ]),
  );
}

async function ledgerRecord(stack: DevStack, requestId: string): Promise<{ id: string }> {
  for (let i = 0; i < 600; i++) {
    const [found] = await admin(stack).listRequests({ chain: 'near', contractId: stack.chain.contractId, requestId, limit: 1 });
    if (found) return found;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`the coordinator never recorded request ${requestId}`);
}

describe('end to end: a program that calls the web (http capability, transcript, errand verify)', function () {
  before(async function () {
    await requireTools(this, ['bwrap', 'clang-14']);
  });
  this.timeout(300_000);
  const steps = stepLog();
  let stack: DevStack;
  let api: LocalServer;
  let repo: string;
  let commit: string;
  let http: HttpCapability;

  before(async () => {
    api = await startServer((_req, _body, res) => {
      res.setHeader('content-type', 'application/json');
      res.end('{"price":42}');
    });
    stack = await startE2eStack(steps);
    repo = httpProgramRepo();
    commit = headCommit(repo);
    http = { allow: [`127.0.0.1:${api.port}`], maxRequests: 4, maxResponseBytes: 4096 };
  });
  after(async () => {
    await stack?.close();
    await api?.close();
  });

  let honest: { requestId: string; transcript: Uint8Array; transcriptSha256: string; wasmSha256: string; response: ExecutionResponse };

  it('resolves with the transcript hash on-chain, the coordinator keeps those bytes, and errand verify says match without the network', async () => {
    const user = stack.chain.clientFor(stack.chain.userId);
    const withoutHttp = await user.estimateCost(LIMITS, undefined, { inputBytes: 64 });
    assert.ok((await user.estimateCost(LIMITS, undefined, { inputBytes: 64, http })) > withoutHttp, 'the capability is priced');

    const settled = await requestAndSettle(stack, repo, `${api.origin}/price`, { commit, http });
    assert.deepEqual(settled.response.output, { format: 'text', value: 'status 200\n{"price":42}\n' }, JSON.stringify(settled.response));
    assert.equal(api.seen.length, 1, 'the worker made the one exchange');
    const view = (await user.view('get_request', { request_id: Number(settled.requestId) })) as {
      transcript_sha256?: string;
      resources_used: { instructions: number; http_requests?: number };
    };
    assert.match(view.transcript_sha256 ?? '', /^[0-9a-f]{64}$/);
    assert.equal(view.resources_used.http_requests, 1);

    const record = await ledgerRecord(stack, settled.requestId);
    const transcript = await admin(stack).requestTranscript(record.id);
    assert.equal(sha256(transcript), view.transcript_sha256, "the hash on-chain is the sha256 of the coordinator's transcript");
    assert.match(Buffer.from(transcript).toString('utf8'), /"url":"http:\/\/127\.0\.0\.1:\d+\/price"/);

    const checked = await runVerify(stack, settled.requestId);
    assert.equal(checked.code, 0, checked.out);
    assert.match(checked.out, /output\s+match/);
    assert.match(checked.out, /fuel\s+match/);
    assert.match(checked.out, /transcript\s+match/);
    assert.equal(checked.out.trim().split('\n').pop(), 'match');
    assert.equal(api.seen.length, 1, 'verify replayed the transcript: no new exchange');

    const events = await admin(stack).requestEvents(record.id);
    const wasmSha256 = events.find((e) => e.kind === 'job_completed' && e.data['type'] === 'compile')!.data['wasmSha256'] as string;
    const ledger = await admin(stack).getRequest(record.id);
    honest = { requestId: settled.requestId, transcript, transcriptSha256: view.transcript_sha256!, wasmSha256, response: ledger.response! };
  });

  it('a worker that resolves a forged output on-chain: errand verify says mismatch (and exits 1)', async () => {
    assert.ok(honest, 'needs the honest request');
    // No honest worker from here on: the test is the (lying) worker.
    await stack.workers[0]!.stop(2_000);
    const workerId = stack.chain.workerIds[0]!;
    const user = stack.chain.clientFor(stack.chain.userId);
    const input = `${api.origin}/price`;
    const deposit = await user.estimateCost(LIMITS, undefined, { inputBytes: Buffer.byteLength(input), http });
    const { requestId } = await user.requestExecution({ source: { kind: 'git', repo, commit, target: 'wasm32-wasip1' }, input, limits: LIMITS, http }, deposit);
    const record = await ledgerRecord(stack, requestId);

    const reg = await admin(stack).registerWorker({ workerId: 'forger', publicKey: KeyPair.fromRandom('ed25519').getPublicKey().toString() });
    const forger = new CoordinatorClient({ baseUrl: stack.coordinator.url, token: reg.token });
    try {
      const claim = await forger.claim(record.id);
      assert.ok(claim, 'the forger claims the request');
      const compileJob = claim.jobs.find((j) => j.type === 'compile');
      const executeJob = claim.jobs.find((j) => j.type === 'execute')!;
      if (compileJob) {
        await forger.uploadWasm(honest.wasmSha256, await admin(stack).downloadWasm(honest.wasmSha256));
        await forger.completeCompile(compileJob.id, { wasmSha256: honest.wasmSha256, pinnedCommit: commit, compileTimeMs: 1 });
      }
      // The honest transcript (the server would answer the same), a forged output.
      await forger.uploadTranscript(executeJob.id, honest.transcriptSha256, honest.transcript);
      const forged: ExecutionResponse = { ...honest.response, output: { format: 'text', value: 'status 200\n{"price":1000000}\n' } };
      await stack.chain.clientFor(workerId).resolveExecution(requestId, forged);
      for (let i = 0; i < 600; i++) {
        const v = (await user.view('get_request', { request_id: Number(requestId) })) as { status: string };
        if (v.status !== 'pending') break;
        await new Promise((r) => setTimeout(r, 100));
      }
      await forger.completeExecute(executeJob.id, { response: forged });
    } finally {
      forger.close();
    }

    const checked = await runVerify(stack, requestId);
    assert.equal(checked.code, 1, checked.out);
    assert.match(checked.out, /output\s+mismatch/);
    assert.match(checked.out, /fuel\s+match/);
    assert.match(checked.out, /transcript\s+match/);
    assert.equal(checked.out.trim().split('\n').pop(), 'mismatch');
  });
});
