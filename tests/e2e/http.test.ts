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
import type { DevStack } from '../../cli/dev/startDevStack.ts';
import { run as verify } from '../../cli/commands/verify.ts';
import type { ExecutionResponse } from '../../common/types/index.ts';
import { assertVerifyReport, verifyFlags } from './errandVerify.ts';
import { asForger, handInModule, resolveOnNear } from './forger.ts';
import { admin, LIMITS, requestAndSettle, startE2eStack } from './helpers.ts';
import { captureStdout } from './httpProgram.ts';
import { useHttpE2e } from './httpSuite.ts';
import { compiledWasmSha256, ledgerRecord } from './ledger.ts';

const sha256 = (b: Uint8Array | string): string => createHash('sha256').update(b).digest('hex');

/** `errand verify ID` in-process against the stack, with what it printed. */
const runVerify = (stack: DevStack, requestId: string): Promise<{ code: number; out: string }> =>
  captureStdout(() => verify([requestId, ...verifyFlags(stack, 'near')]));

describe('end to end: a program that calls the web (http capability, transcript, errand verify)', function () {
  const e2e = useHttpE2e(this, startE2eStack);

  let honest: { requestId: string; transcript: Uint8Array; transcriptSha256: string; wasmSha256: string; response: ExecutionResponse };

  it('resolves with the transcript hash on-chain, the coordinator keeps those bytes, and errand verify says match without the network', async () => {
    const { stack, api, repo, commit, http } = e2e;
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

    const record = await ledgerRecord(stack, 'near', settled.requestId);
    const transcript = await admin(stack).requestTranscript(record.id);
    assert.equal(sha256(transcript), view.transcript_sha256, "the hash on-chain is the sha256 of the coordinator's transcript");
    assert.match(Buffer.from(transcript).toString('utf8'), /"url":"http:\/\/127\.0\.0\.1:\d+\/price"/);

    assertVerifyReport(await runVerify(stack, settled.requestId), 0, { output: 'match', fuel: 'match', transcript: 'match' });
    assert.equal(api.seen.length, 1, 'verify replayed the transcript: no new exchange');

    const wasmSha256 = await compiledWasmSha256(stack, record.id);
    const ledger = await admin(stack).getRequest(record.id);
    honest = { requestId: settled.requestId, transcript, transcriptSha256: view.transcript_sha256!, wasmSha256, response: ledger.response! };
  });

  it('a worker that resolves a forged output on-chain: errand verify says mismatch (and exits 1)', async () => {
    const { stack, api, repo, commit, http } = e2e;
    assert.ok(honest, 'needs the honest request');
    // No honest worker from here on: the test is the (lying) worker.
    await stack.workers[0]!.stop(2_000);
    const user = stack.chain.clientFor(stack.chain.userId);
    const input = `${api.origin}/price`;
    const deposit = await user.estimateCost(LIMITS, undefined, { inputBytes: Buffer.byteLength(input), http });
    const { requestId } = await user.requestExecution({ source: { kind: 'git', repo, commit, target: 'wasm32-wasip1' }, input, limits: LIMITS, http }, deposit);
    const record = await ledgerRecord(stack, 'near', requestId);

    await asForger(stack, record.id, async ({ forger, compileJob, executeJob }) => {
      if (compileJob) await handInModule(forger, compileJob, honest.wasmSha256, await admin(stack).downloadWasm(honest.wasmSha256), commit);
      // The honest transcript (the server would answer the same), a forged output.
      await forger.uploadTranscript(executeJob.id, honest.transcriptSha256, honest.transcript);
      const forged: ExecutionResponse = { ...honest.response, output: { format: 'text', value: 'status 200\n{"price":1000000}\n' } };
      await resolveOnNear(stack, requestId, forged);
      await forger.completeExecute(executeJob.id, { response: forged });
    });

    assertVerifyReport(await runVerify(stack, requestId), 1, { output: 'mismatch', fuel: 'match', transcript: 'match' });
  });
});
