/**
 * `errand verify --chain solana` of a `bytes` request whose output is too large to resolve inline:
 * the worker resolves it by reference, and the program names it by the sha256 of the raw bytes (not
 * of their base64, as NEAR names a stored output). The honest run verifies as match; a worker that
 * resolves forged bytes of the same size (played by this test, through the submitter honest workers
 * use) is caught as an output mismatch.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { KeyPair } from '@near-js/crypto';
import type { DevStack } from '../../cli/dev/startDevStack.ts';
import type { ExecutionResponse } from '../../common/types/index.ts';
import { SolanaResolveSubmitter, waitForSettlement, type RequestSettlement } from '../../contracts/solana/client/index.ts';
import { CoordinatorClient } from '../../coordinator/client/CoordinatorClient.ts';
import { requireTools } from '../setup/requireTools.ts';
import { gitRepoWith } from '../worker/loop/helpers.ts';
import { admin, headCommit, LIMITS, stepLog } from './helpers.ts';
import { startSolanaStack, toSolanaLimits } from './solanaHelpers.ts';
import { ledgerRecord } from './ledger.ts';
import { runVerify, untilFinalized } from './solanaVerifyHelpers.ts';

const sha256 = (b: Uint8Array | string): string => createHash('sha256').update(b).digest('hex');

describe('end to end on Solana: errand verify of a bytes output stored by reference', function () {
  before(async function () {
    await requireTools(this, ['bwrap', 'clang-14']);
  });
  this.timeout(300_000);
  let stack: DevStack;
  let repo: string;
  let commit: string;
  // Binary (not UTF-8), more than the program's max_output_bytes, so resolved by reference.
  const payload = Buffer.from(Array.from({ length: 620 }, (_, i) => (i * 7 + 0x80) & 0xff));

  before(async () => {
    stack = await startSolanaStack(stepLog());
    repo = gitRepoWith({ 'main.c': readFileSync(new URL('fixtures/program.c', import.meta.url), 'utf8') }).url;
    commit = headCommit(repo);
  });
  after(async () => {
    await stack?.close();
  });

  /** `echo:<payload>` asked for in the bytes format: the program writes the payload back. */
  function requestEcho() {
    const sol = stack.solana!;
    return sol.client(sol.user).requestExecution({
      source: { kind: 'git', repo, commit, target: 'wasm32-wasip1' },
      input: { kind: 'inline', data: Buffer.concat([Buffer.from('echo:'), payload]) },
      limits: toSolanaLimits(LIMITS),
      responseFormat: 'bytes',
    });
  }

  async function settledFinal(request: Awaited<ReturnType<typeof requestEcho>>['request']): Promise<RequestSettlement> {
    const user = stack.solana!.client(stack.solana!.user);
    const settled = await waitForSettlement(user, request);
    await untilFinalized(user.connection, settled.signature);
    return settled;
  }

  let honest: { wasmSha256: string; response: ExecutionResponse };

  it('the honest run: stored by the sha256 of its raw bytes, and verify says match', async () => {
    const maxOutputBytes = (await stack.solana!.client(stack.solana!.user).getConfig()).maxOutputBytes;
    assert.ok(payload.length > maxOutputBytes, 'too large to resolve inline');
    const sent = await requestEcho();
    const settled = await settledFinal(sent.request);
    assert.equal(settled.kind, 'resolved');
    assert.ok(settled.success, JSON.stringify(settled.error));
    assert.equal(settled.output, null, 'not inline: stored by reference');

    const requestId = settled.requestId.toString();
    const record = await ledgerRecord(stack, 'solana', requestId);
    const ledger = await admin(stack).getRequest(record.id);
    assert.deepEqual(ledger.response?.output, { format: 'bytes', value: payload.toString('base64') });

    const checked = await runVerify(stack, requestId);
    assert.equal(checked.code, 0, checked.out);
    // The chain's name for the output is the hash of the raw bytes, and verify compared that.
    assert.match(checked.out, new RegExp(`output\\s+match \\(sha256:${sha256(payload)}\\)`));
    assert.notEqual(sha256(payload), sha256(payload.toString('base64')));
    assert.match(checked.out, /fuel\s+match/);
    assert.equal(checked.out.trim().split('\n').pop(), 'match');

    const events = await admin(stack).requestEvents(record.id);
    const wasmSha256 = events.find((e) => e.kind === 'job_completed' && e.data['type'] === 'compile')!.data['wasmSha256'] as string;
    honest = { wasmSha256, response: ledger.response! };
  });

  it('a worker that resolves forged bytes of the same size by reference: verify says mismatch (exit 1)', async () => {
    assert.ok(honest, 'needs the honest request');
    // No honest worker from here on: the test is the (lying) worker.
    await stack.workers[0]!.stop(2_000);
    const sol = stack.solana!;
    const sent = await requestEcho();
    const requestId = sent.requestId.toString();
    const record = await ledgerRecord(stack, 'solana', requestId);
    const forgedBytes = Buffer.from(payload);
    forgedBytes[0] ^= 0xff;

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
      const forged: ExecutionResponse = { ...honest.response, output: { format: 'bytes', value: forgedBytes.toString('base64') } };
      const outcome = await new SolanaResolveSubmitter(sol.client(sol.workers[0]!)).resolve({ chain: 'solana', contractId: sol.programId, requestId }, forged);
      assert.ok(outcome.txHash && !outcome.alreadyResolved, 'resolved on-chain by the forger');
      await forger.completeExecute(executeJob.id, { response: forged });
    } finally {
      forger.close();
    }
    const settled = await settledFinal(sent.request);
    assert.equal(settled.output, null, 'the forgery is stored by reference too');

    const checked = await runVerify(stack, requestId);
    assert.equal(checked.code, 1, checked.out);
    assert.match(checked.out, new RegExp(`output\\s+mismatch \\(on-chain sha256:${sha256(forgedBytes)}, re-executed sha256:${sha256(payload)}\\)`));
    assert.match(checked.out, /fuel\s+match/);
    assert.equal(checked.out.trim().split('\n').pop(), 'mismatch');
  });
});
