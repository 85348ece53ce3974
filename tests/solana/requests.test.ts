/** request_execution, resolve_execution and cancel_stale_execution through web3.js against the
 * local Solana: exact money for every party, events decoded by Anchor's EventParser, refusals. */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import type { Keypair } from '@solana/web3.js';
import { settle, type ErrandSolanaClient } from '../../contracts/solana/client/index.ts';
import type { LocalSolana } from '../../contracts/solana/local/index.ts';
import { balance, funded, LIMITS, rejectsWith, SOURCE, startWithWorker, TIMEOUT_SLOTS, untilSlot } from './helpers.ts';
import type { EventData } from './helpers.ts';

const FEE = 5000n; // one signature

describe('solana program: requests', function () {
  this.timeout(120_000);
  let local: LocalSolana;
  let requester: Keypair;
  let worker: Keypair;
  let client: ErrandSolanaClient;
  let workerClient: ErrandSolanaClient;

  before(async () => {
    ({ local, requester, worker, client, workerClient } = await startWithWorker());
  });
  after(async () => {
    await local.stop();
  });

  it('holds deposit + rent in the request PDA and emits ExecutionRequested', async () => {
    const before = await balance(local, requester.publicKey);
    const deposit = await client.estimateCost(LIMITS);
    const sent = await client.requestExecution({ source: SOURCE, input: { kind: 'inline', data: Buffer.from('hello') }, limits: LIMITS, nonce: 1n });
    const rent = BigInt(await local.connection().getMinimumBalanceForRentExemption(508));
    assert.equal(await balance(local, requester.publicKey), before - deposit - rent - FEE);
    const view = await client.getRequest(sent.request);
    assert.ok(view);
    assert.equal(view.deposit, deposit);
    assert.equal(view.lamports, deposit + rent);
    assert.equal(view.requester.toBase58(), requester.publicKey.toBase58());
    assert.deepEqual(view.inputHash, createHash('sha256').update('hello').digest());
    const ev = sent.event.data as EventData;
    assert.equal(ev.request.toBase58(), sent.request.toBase58());
    assert.equal(ev.deposit.toString(), deposit.toString());
    assert.equal(ev.source.git.repo, SOURCE.repo);
    assert.equal(Buffer.from(ev.input.inline.data).toString(), 'hello');
    assert.equal(ev.deadlineSlot.toString(), (view.slot + TIMEOUT_SLOTS).toString());
  });

  it('resolve pays the worker, the protocol fee and refunds the requester exactly; a second resolve fails', async () => {
    const sent = await client.requestExecution({ source: SOURCE, input: { kind: 'inline', data: Buffer.from('x') }, limits: LIMITS, nonce: 2n });
    const view = (await client.getRequest(sent.request))!;
    const cfg = await client.getConfig();
    const [r0, w0, c0] = [await balance(local, requester.publicKey), await balance(local, worker.publicKey), await balance(local, client.config)];
    const used = { instructions: 1_234_567n, timeMs: 99_999n, compileTimeMs: 10n };
    const res = await workerClient.resolveExecution(sent.request, requester.publicKey, {
      success: true,
      resourcesUsed: used,
      output: { kind: 'inline', data: Buffer.from('{"ok":1}') },
      error: '',
    });
    const expect = settle(view.pricing, view.limits, view.deposit, view.protocolFeeBps, true, used);
    assert.ok(expect.protocolFee > 0n, 'the test config has a protocol fee');
    assert.equal(await balance(local, worker.publicKey), w0 + expect.workerPayment - FEE);
    assert.equal(await balance(local, client.config), c0 + expect.protocolFee);
    assert.equal(await balance(local, requester.publicKey), r0 + expect.refund + (view.lamports - view.deposit));
    assert.equal(expect.charged + expect.refund, view.deposit);
    const ev = res.events.find((e) => e.name === 'executionResolved')!.data as EventData;
    assert.equal(ev.charged.toString(), expect.charged.toString());
    assert.equal(ev.workerPayment.toString(), expect.workerPayment.toString());
    assert.equal(ev.protocolFee.toString(), expect.protocolFee.toString());
    assert.equal(ev.refund.toString(), expect.refund.toString());
    assert.equal(ev.rentRefund.toString(), (view.lamports - view.deposit).toString());
    assert.equal(ev.resourcesUsed.timeMs.toString(), LIMITS.maxExecutionMs.toString(), 'usage is capped at the limits paid for');
    assert.equal(Buffer.from(ev.output.inline.data).toString(), '{"ok":1}');
    assert.equal((await client.getConfig()).feesCollected, cfg.feesCollected + expect.protocolFee);
    assert.equal(await client.getRequest(sent.request), null);
    await rejectsWith(
      workerClient.resolveExecution(sent.request, requester.publicKey, {
        success: true,
        resourcesUsed: used,
        output: { kind: 'none' },
        error: '',
      }),
      'RequestNotFound',
    );
  });

  it('a failed execution charges the base fee only', async () => {
    const sent = await client.requestExecution({ source: SOURCE, input: { kind: 'inline', data: Buffer.from('y') }, limits: LIMITS, nonce: 3n });
    const view = (await client.getRequest(sent.request))!;
    const r0 = await balance(local, requester.publicKey);
    const res = await workerClient.resolveExecution(sent.request, requester.publicKey, {
      success: false,
      resourcesUsed: { instructions: 10n, timeMs: 1n, compileTimeMs: 0n },
      output: { kind: 'none' },
      error: 'EXECUTOR__FUEL_EXHAUSTED',
    });
    const ev = res.events[0].data as EventData;
    assert.equal(ev.charged.toString(), view.pricing.baseFee.toString());
    assert.equal(ev.error, 'EXECUTOR__FUEL_EXHAUSTED');
    assert.equal(await balance(local, requester.publicKey), r0 + view.lamports - view.pricing.baseFee);
  });

  it('stored outputs travel as hash + reference', async () => {
    const sent = await client.requestExecution({
      source: SOURCE,
      input: { kind: 'hash', sha256: Buffer.alloc(32, 1), bytes: 5000n },
      limits: LIMITS,
      nonce: 4n,
    });
    const res = await workerClient.resolveExecution(sent.request, requester.publicKey, {
      success: true,
      resourcesUsed: { instructions: 1n, timeMs: 1n, compileTimeMs: 1n },
      output: { kind: 'stored', sha256: Buffer.alloc(32, 2), bytes: 70_000n, reference: 'https://coordinator/outputs/abc' },
      error: '',
    });
    const ev = res.events[0].data as EventData;
    assert.equal(ev.output.stored.reference, 'https://coordinator/outputs/abc');
    assert.equal(ev.output.stored.bytes.toString(), '70000');
  });

  it('cancel_stale_execution: refused before the deadline, then a full refund but the base fee', async () => {
    const sent = await client.requestExecution({ source: SOURCE, input: { kind: 'inline', data: Buffer.from('z') }, limits: LIMITS, nonce: 5n });
    const view = (await client.getRequest(sent.request))!;
    const stranger = local.client(await funded(local, 1));
    await rejectsWith(stranger.cancelStaleExecution(sent.request, requester.publicKey), 'NotStale');
    await untilSlot(local, view.deadlineSlot);
    const [r0, c0] = [await balance(local, requester.publicKey), await balance(local, client.config)];
    const res = await stranger.cancelStaleExecution(sent.request, requester.publicKey);
    assert.equal(await balance(local, requester.publicKey), r0 + view.lamports - view.pricing.baseFee);
    assert.equal(await balance(local, client.config), c0 + view.pricing.baseFee);
    const ev = res.events.find((e) => e.name === 'executionCancelled')!.data as EventData;
    assert.equal(ev.feesKept.toString(), view.pricing.baseFee.toString());
    assert.equal(BigInt(ev.feesKept.toString()) + BigInt(ev.refund.toString()), view.deposit);
    await rejectsWith(stranger.cancelStaleExecution(sent.request, requester.publicKey), 'RequestNotFound');
    await rejectsWith(
      workerClient.resolveExecution(sent.request, requester.publicKey, {
        success: true,
        resourcesUsed: { instructions: 1n, timeMs: 1n, compileTimeMs: 1n },
        output: { kind: 'none' },
        error: '',
      }),
      'RequestNotFound',
    );
  });

  it('refuses bad limits, a small deposit, a large input, a bad source, a reused nonce', async () => {
    const input = { kind: 'inline' as const, data: Buffer.from('a') };
    await rejectsWith(client.requestExecution({ source: SOURCE, input, limits: { ...LIMITS, maxInstructions: 0n }, deposit: 10n ** 9n }), 'InvalidLimits');
    await rejectsWith(client.requestExecution({ source: SOURCE, input, limits: { ...LIMITS, maxMemoryMb: 100_000n }, deposit: 10n ** 9n }), 'LimitExceeded');
    const need = await client.estimateCost(LIMITS);
    await rejectsWith(client.requestExecution({ source: SOURCE, input, limits: LIMITS, deposit: need - 1n }), 'DepositTooSmall');
    await rejectsWith(client.requestExecution({ source: SOURCE, input: { kind: 'inline', data: Buffer.alloc(801, 97) }, limits: LIMITS }), 'InputTooLarge');
    await rejectsWith(client.requestExecution({ source: { ...SOURCE, target: 'x86' as never }, input, limits: LIMITS }), 'InvalidSource');
    await rejectsWith(
      client.requestExecution({ source: { kind: 'wasm_url', url: 'ftp://x', sha256: Buffer.alloc(32) }, input, limits: LIMITS }),
      'InvalidSource',
    );
    await rejectsWith(client.requestExecution({ source: { ...SOURCE, path: '../up' }, input, limits: LIMITS }), 'InvalidSource');
    await rejectsWith(client.requestExecution({ source: SOURCE, input, limits: LIMITS, nonce: 1n }), 'AlreadyInitialized');
  });
});
