/**
 * http.test.ts on Solana: a request with an `http` capability goes through the real program on the
 * local Solana, the coordinator's Solana watcher and a bubblewrap-building worker to a local HTTP
 * server; the transcript hash in the program's ExecutionResolved event is the sha256 of the
 * transcript the coordinator keeps, and `errand verify --chain solana` replays it (no network) and
 * says "match". Then a worker that lies (played by this test: it claims through the coordinator,
 * hands in the honest module and transcript, and resolves on-chain with a registered worker's
 * authority and a forged output): `errand verify --chain solana` says "mismatch".
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { run as request } from '../../cli/commands/request.ts';
import { writeStackFile } from '../../cli/dev/stackFile.ts';
import { run as verify } from '../../cli/commands/verify.ts';
import type { ExecutionResponse } from '../../common/types/index.ts';
import { SolanaResolveSubmitter, waitForSettlement } from '../../contracts/solana/client/index.ts';
import { scratchDir } from '../setup/scratchDirs.ts';
import { assertVerifyReport } from './errandVerify.ts';
import { asForger, handInModule } from './forger.ts';
import { admin, LIMITS } from './helpers.ts';
import { captureStdout } from './httpProgram.ts';
import { useHttpE2e } from './httpSuite.ts';
import { compiledWasmSha256, ledgerRecord } from './ledger.ts';
import { solanaRequest, solanaRequestAndSettle, startSolanaStack, text, toSolanaLimits } from './solanaHelpers.ts';
import { runVerify, untilFinalized } from './solanaVerifyHelpers.ts';

const sha256 = (b: Uint8Array | string): string => createHash('sha256').update(b).digest('hex');

describe('end to end on Solana: a program that calls the web (http capability, transcript, errand verify --chain solana)', function () {
  const e2e = useHttpE2e(this, startSolanaStack);

  let honest: { requestId: string; transcript: Uint8Array; transcriptSha256: string; wasmSha256: string; response: ExecutionResponse };

  it('resolves with the transcript hash on-chain, the coordinator keeps those bytes, and errand verify --chain solana says match', async () => {
    const { stack, api, repo, commit, http } = e2e;
    const sol = stack.solana!;
    const user = sol.client(sol.user);
    const limits = toSolanaLimits(LIMITS);
    assert.ok((await user.estimateCost(limits, http)) > (await user.estimateCost(limits)), 'the capability is priced');

    const settled = await solanaRequestAndSettle(stack, repo, `${api.origin}/price`, { commit, http });
    assert.equal(settled.kind, 'resolved');
    assert.equal(text(settled), 'status 200\n{"price":42}\n', JSON.stringify(settled.error));
    assert.equal(api.seen.length, 1, 'the worker made the one exchange');
    assert.match(settled.transcriptSha256 ?? '', /^[0-9a-f]{64}$/);
    assert.equal(settled.httpUsed?.requests, 1n);
    assert.equal(settled.charged + settled.refund, settled.deposit);

    const requestId = settled.requestId.toString();
    const record = await ledgerRecord(stack, 'solana', requestId);
    const transcript = await admin(stack).requestTranscript(record.id);
    assert.equal(sha256(transcript), settled.transcriptSha256, "the hash on-chain is the sha256 of the coordinator's transcript");
    assert.match(Buffer.from(transcript).toString('utf8'), /"url":"http:\/\/127\.0\.0\.1:\d+\/price"/);

    await untilFinalized(user.connection, settled.signature);
    assertVerifyReport(await runVerify(stack, requestId), 0, { output: 'match', fuel: 'match', transcript: 'match' });
    assert.equal(api.seen.length, 1, 'verify replayed the transcript: no new exchange');

    const wasmSha256 = await compiledWasmSha256(stack, record.id);
    const ledger = await admin(stack).getRequest(record.id);
    honest = { requestId, transcript, transcriptSha256: settled.transcriptSha256!, wasmSha256, response: ledger.response! };
  });

  it('errand request --chain solana --http-allow ... --wait: the capability reaches the program, and the request verifies', async () => {
    const { stack, api, repo, commit } = e2e;
    const sol = stack.solana!;
    // A stack file as `errand dev --chain solana` writes it, so both commands run as a user runs
    // them against the dev stack (the source a file:// repository, the keypair the dev user's).
    const dataDir = scratchDir('errand-sol-http-');
    const keypairFile = path.join(dataDir, 'user.json');
    writeFileSync(keypairFile, JSON.stringify([...sol.user.secretKey]));
    writeStackFile({
      pid: process.pid,
      coordinatorUrl: stack.coordinator.url,
      adminToken: stack.coordinator.adminToken,
      dataDir,
      solana: { rpcUrl: sol.local.url, wsUrl: sol.local.wsUrl, programId: sol.programId, user: sol.user.publicKey.toBase58(), keypairFile },
    });
    const seen = api.seen.length;
    const asked = await captureStdout(() =>
      request([
        repo,
        '--commit',
        commit,
        '--input',
        `${api.origin}/price`,
        '--chain',
        'solana',
        '--http-allow',
        `127.0.0.1:${api.port}`,
        '--http-max-requests',
        '2',
        '--http-max-bytes',
        '1024',
        '--fuel',
        String(LIMITS.maxInstructions),
        '--memory-mb',
        String(LIMITS.maxMemoryMb),
        '--timeout-ms',
        String(LIMITS.maxExecutionMs),
        '--compile-timeout-ms',
        String(LIMITS.maxCompileMs),
        '--data-dir',
        dataDir,
        '--wait',
        '--json',
      ]),
    );
    assert.equal(asked.code, 0, asked.out);
    const result = JSON.parse(asked.out.trim().split('\n').pop()!) as { requestId: string; output: string; deposit: string };
    assert.equal(result.output, 'status 200\n{"price":42}\n');
    assert.equal(api.seen.length, seen + 1);
    const limits = toSolanaLimits(LIMITS);
    const capability = { allow: [`127.0.0.1:${api.port}`], maxRequests: 2, maxResponseBytes: 1024 };
    assert.equal(BigInt(result.deposit), await sol.client(sol.user).estimateCost(limits, capability), 'the deposit prices the flags');

    const record = await ledgerRecord(stack, 'solana', result.requestId);
    const recorded = await admin(stack).getRequest(record.id);
    assert.deepEqual('http' in recorded ? recorded.http : null, capability, "the watcher's request carries the capability");
    const signatures = await sol.client(sol.user).connection.getSignaturesForAddress(sol.local.programId, { limit: 1 }, 'confirmed');
    await untilFinalized(sol.client(sol.user).connection, signatures[0]!.signature);
    const checked = await captureStdout(() => verify([result.requestId, '--chain', 'solana', '--data-dir', dataDir]));
    assertVerifyReport(checked, 0, { transcript: 'match' });
  });

  it('a worker that resolves a forged output on-chain: errand verify --chain solana says mismatch (and exits 1)', async () => {
    const { stack, api, repo, commit, http } = e2e;
    assert.ok(honest, 'needs the honest request');
    // No honest worker from here on: the test is the (lying) worker.
    await stack.workers[0]!.stop(2_000);
    const sol = stack.solana!;
    const sent = await solanaRequest(stack, repo, `${api.origin}/price`, { commit, http });
    const requestId = sent.requestId.toString();
    const record = await ledgerRecord(stack, 'solana', requestId);

    await asForger(stack, record.id, async ({ forger, compileJob, executeJob }) => {
      if (compileJob) await handInModule(forger, compileJob, honest.wasmSha256, await admin(stack).downloadWasm(honest.wasmSha256), commit);
      // The honest transcript (the server would answer the same), a forged output, resolved with a
      // registered worker's authority through the same submitter honest workers use.
      await forger.uploadTranscript(executeJob.id, honest.transcriptSha256, honest.transcript);
      const forged: ExecutionResponse = { ...honest.response, output: { format: 'text', value: 'status 200\n{"price":1000000}\n' } };
      const outcome = await new SolanaResolveSubmitter(sol.client(sol.workers[0]!)).resolve({ chain: 'solana', contractId: sol.programId, requestId }, forged);
      assert.ok(outcome.txHash && !outcome.alreadyResolved, 'resolved on-chain by the forger');
      await forger.completeExecute(executeJob.id, { response: forged });
    });
    const settled = await waitForSettlement(sol.client(sol.user), sent.request);
    assert.equal(settled.output?.toString('utf8'), 'status 200\n{"price":1000000}\n');
    assert.equal(settled.transcriptSha256, honest.transcriptSha256);

    await untilFinalized(sol.client(sol.user).connection, settled.signature);
    assertVerifyReport(await runVerify(stack, requestId), 1, { output: 'mismatch', fuel: 'match', transcript: 'match' });
  });
});
