/**
 * The worker's Solana resolve submitter on the local Solana with the real program: resolves with
 * the claimed request's PDA, or finds the request by id (the coordinator's failure resolver knows
 * only the ref); idempotent on a settled request; a priority fee in the transaction; an output
 * above the program's cap resolved by reference; an error cut to the program's 256 bytes; a
 * shared blockhash that expired is replaced on the retry.
 */
import assert from 'node:assert/strict';
import { ComputeBudgetProgram } from '@solana/web3.js';
import type { ExecutionRequest, ExecutionResponse } from '../../common/types/index.ts';
import { SolanaResolveSubmitter, type RequestSent } from '../../contracts/solana/client/index.ts';
import { LIMITS, SOURCE, startWithWorker, type EventData, type RequestFixture } from './helpers.ts';

const used = { instructions: 1234, timeMs: 2.5, compileTimeMs: 0 };

describe('Solana resolve submitter (local Solana, real program)', function () {
  this.timeout(60_000);
  let f: RequestFixture;
  let submitter: SolanaResolveSubmitter;
  before(async () => {
    f = await startWithWorker();
    submitter = new SolanaResolveSubmitter(f.workerClient, { priorityFeeMicroLamports: 1_000 });
  });
  after(async () => {
    await f?.local.stop();
  });

  const request = () => f.client.requestExecution({ source: SOURCE, input: { kind: 'inline', data: Buffer.from('in') }, limits: LIMITS });
  const claimed = (s: RequestSent): ExecutionRequest => ({
    chain: 'solana',
    contractId: f.local.programId.toBase58(),
    requestId: s.requestId.toString(),
    callbackHandle: s.request.toBase58(),
    senderId: f.requester.publicKey.toBase58(),
    payerId: f.requester.publicKey.toBase58(),
    source: { kind: 'git', repo: SOURCE.repo, commit: SOURCE.commit, target: SOURCE.target },
    input: 'in',
    limits: { maxInstructions: 5_000_000, maxMemoryMb: 64, maxExecutionMs: 2_000, maxCompileMs: 1_000 },
    responseFormat: 'text',
    deposit: '1',
    blockHeight: s.slot,
  });
  const resolvedEvent = async (sig: string): Promise<EventData> => {
    const tx = await f.local.connection().getTransaction(sig, { commitment: 'confirmed', maxSupportedTransactionVersion: 0 });
    const line = tx!.meta!.logMessages!.find(
      (l) => l.startsWith('Program data: ') && f.client.program.coder.events.decode(l.slice(14))?.name === 'executionResolved',
    )!;
    return f.client.program.coder.events.decode(line.slice(14))!.data as EventData;
  };

  it('resolves a claimed request with its output and a priority fee; a second resolve is alreadyResolved', async () => {
    const s = await request();
    const response: ExecutionResponse = { success: true, output: { format: 'text', value: 'héllo' }, resourcesUsed: used };
    const out = await submitter.resolve(claimed(s), response);
    assert.equal(out.alreadyResolved, false);
    const ev = await resolvedEvent(out.txHash);
    assert.equal(Buffer.from(ev['output'].inline.data).toString('utf8'), 'héllo');
    assert.equal(ev['resourcesUsed'].timeMs.toString(), '3', 'fractional ms rounded up');
    const tx = await f.local.connection().getTransaction(out.txHash, { commitment: 'confirmed', maxSupportedTransactionVersion: 0 });
    const programs = tx!.transaction.message.compiledInstructions.map((i) => tx!.transaction.message.staticAccountKeys[i.programIdIndex]!.toBase58());
    assert.ok(programs.includes(ComputeBudgetProgram.programId.toBase58()), 'a compute-unit price instruction');
    assert.deepEqual(await submitter.resolve(claimed(s), response), { txHash: '', alreadyResolved: true });
  });

  it('first attempts share one blockhash; one that expired meanwhile is retried with a fresh one', async () => {
    const reusing = new SolanaResolveSubmitter(f.workerClient, { blockhashReuseMs: 600_000 });
    const response: ExecutionResponse = { success: true, output: { format: 'text', value: 'ok' }, resourcesUsed: used };
    const [a, a2, b] = [await request(), await request(), await request()];
    const first = await reusing.resolve(claimed(a), response);
    const hashOf = async (sig: string) =>
      (await f.local.connection().getTransaction(sig, { commitment: 'confirmed', maxSupportedTransactionVersion: 0 }))!.transaction.message.recentBlockhash;
    const shared = await hashOf(first.txHash);
    // A confirmation takes a slot, and every slot has a new blockhash: the same one means it was reused.
    assert.equal(await hashOf((await reusing.resolve(claimed(a2), response)).txHash), shared);
    f.local.advance(200); // past the 150 slots a blockhash stays valid
    const second = await reusing.resolve(claimed(b), response);
    assert.equal(second.alreadyResolved, false);
    assert.notEqual(await hashOf(second.txHash), shared, 'the retry took a fresh blockhash');
    assert.equal((await resolvedEvent(second.txHash))['success'], true);
  });

  it('finds the request by id when given only the ref; a long output goes by reference, a long error is cut', async () => {
    const s = await request();
    const long = 'x'.repeat(5_000);
    const ref = { chain: 'solana' as const, contractId: f.local.programId.toBase58(), requestId: s.requestId.toString() };
    const out = await submitter.resolve(ref, {
      success: false,
      output: { format: 'text', value: long },
      error: { code: 'EXECUTOR__TRAP', message: 'é'.repeat(300) },
      resourcesUsed: used,
    });
    const ev = await resolvedEvent(out.txHash);
    assert.equal(ev['output'].stored.bytes.toString(), '5000');
    assert.match(ev['output'].stored.reference, new RegExp(`:${s.requestId}$`));
    assert.ok(Buffer.byteLength(ev['error'] as string) <= 256);
    assert.match(ev['error'] as string, /^EXECUTOR__TRAP: é+$/);
    assert.equal(await f.local.connection().getAccountInfo(s.request), null, 'the request account is closed');
  });

  it('refuses a ref of another chain or program', async () => {
    await assert.rejects(
      submitter.resolve({ chain: 'near', contractId: 'errand.near', requestId: '1' }, { success: true, resourcesUsed: used }),
      /COMMON__INVALID_ARGUMENT|resolves on solana/,
    );
  });
});
