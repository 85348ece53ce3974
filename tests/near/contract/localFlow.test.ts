/**
 * The request flow of the committed errand.wasm on the local NEAR chain: deposits, worker
 * authorisation, yield/resume through real receipts, exact yoctoNEAR money flow, capping,
 * timeouts and stale cancels. Every event seen is checked as NEP-297.
 */
import assert from 'node:assert/strict';
import {
  DEPOSIT,
  ESTIMATE,
  LIMITS,
  MEASUREMENT,
  NEAR,
  PRICING,
  STORAGE_BYTE_COST,
  completedStorageFee,
  cost,
  errorCode,
  events,
  okResponse,
  requestArgs,
} from './support/fixtures.ts';
import { ALICE, OWNER, PAYER, STRANGER, WORKER, withChain, type CallOutcome, type ContractDriver } from './support/localDriver.ts';

const CONFIG = { pricing: PRICING, min_stake: (5n * NEAR).toString(), unbonding_period_blocks: 5 };
const BASE = BigInt(PRICING.base_fee);

function expectErr(r: CallOutcome, code: string): void {
  assert.equal(r.ok, false, `expected ${code}, call succeeded`);
  assert.equal(errorCode(r.error ?? ''), code, r.error ?? '');
}

async function registerWorker(d: ContractDriver): Promise<void> {
  const r = await d.call(WORKER, 'register_worker', { public_key: d.publicKeyOf(WORKER), measurement: MEASUREMENT }, 5n * NEAR);
  assert.ok(r.ok, r.error ?? '');
}

/** Sends request_execution without waiting for its yield; returns the pending outcome and its id. */
async function startRequest(d: ContractDriver, deposit: bigint, overrides: Record<string, unknown> = {}): Promise<{ id: number; done: Promise<CallOutcome> }> {
  const id = (d.view('get_config') as { next_request_id: number }).next_request_id;
  const done = d.call(ALICE, 'request_execution', requestArgs({ payer_account_id: PAYER, ...overrides }), deposit);
  await d.until(() => d.view('get_request', { request_id: id }) !== null);
  return { id, done };
}

describe('near contract on the local chain: requests', function () {
  this.timeout(60_000);

  it('rejects a deposit below estimate_cost and keeps the caller whole', () =>
    withChain(CONFIG, async (d) => {
      const estimate = BigInt(d.view('estimate_cost', { resource_limits: LIMITS }) as string);
      assert.ok(estimate > ESTIMATE, 'estimate_cost adds the storage bound to the fee estimate');
      const before = d.balance(ALICE);
      const r = await d.call(ALICE, 'request_execution', requestArgs(), ESTIMATE - 1n);
      expectErr(r, 'ERR_DEPOSIT_TOO_SMALL');
      assert.equal(d.balance(ALICE), before, 'a failed payable call returns the deposit');
      assert.equal(d.view('get_request', { request_id: 1 }), null);
    }));

  it('success: worker paid the capped usage, payer refunded the rest, caller receives the response', () =>
    withChain(CONFIG, async (d) => {
      await registerWorker(d);
      const deposit = DEPOSIT + 12345n;
      const { id, done } = await startRequest(d, deposit);
      const requested = d.view('get_request', { request_id: id }) as Record<string, unknown>;
      assert.equal(requested.status, 'pending');
      assert.match(requested.data_id as string, /^[0-9a-f]{64}$/);

      const stranger = await d.call(STRANGER, 'resolve_execution', {
        request_id: id,
        response: okResponse({ instructions: 1, time_ms: 1, compile_time_ms: 1 }),
      });
      expectErr(stranger, 'ERR_NOT_A_WORKER');

      const workerBefore = d.balance(WORKER);
      const payerBefore = d.balance(PAYER);
      const used = { instructions: 3 * LIMITS.max_instructions, time_ms: 10 * LIMITS.max_execution_ms, compile_time_ms: 17 };
      const resolved = await d.call(WORKER, 'resolve_execution', { request_id: id, response: okResponse(used, '42') });
      assert.ok(resolved.ok, resolved.error ?? '');
      const final = await done;
      assert.ok(final.ok, final.error ?? '');
      assert.deepEqual(final.value, {
        success: true,
        output: { format: 'text', value: '42' },
        resources_used: { instructions: LIMITS.max_instructions, time_ms: LIMITS.max_execution_ms, compile_time_ms: 17 },
      });
      await d.until(() => d.balance(PAYER) !== payerBefore);

      const charge = cost(LIMITS.max_instructions, LIMITS.max_execution_ms, 17);
      assert.ok(charge < deposit);
      assert.equal(d.balance(WORKER) - workerBefore, charge, 'worker receives exactly the capped charge');
      const storageFee = completedStorageFee(final.logs);
      assert.ok(storageFee > 0n && storageFee % STORAGE_BYTE_COST === 0n);
      assert.equal(d.balance(PAYER) - payerBefore, deposit - charge - storageFee, 'payer receives exactly the rest');

      const all = events(final.logs);
      assert.deepEqual(
        all.map((e) => e.event),
        ['execution_requested', 'execution_completed'],
      );
      const completed = all[1]!.data[0]!;
      assert.equal(completed.charged, charge.toString());
      assert.equal(completed.worker_payment, charge.toString());
      assert.equal(completed.refund, (deposit - charge - storageFee).toString());
      assert.equal(BigInt(completed.charged as string) + BigInt(completed.refund as string) + BigInt(completed.storage_fee as string), deposit);

      const again = await d.call(WORKER, 'resolve_execution', { request_id: id, response: okResponse(used) });
      expectErr(again, 'ERR_ALREADY_RESOLVED');
      const view = d.view('get_request', { request_id: id }) as Record<string, unknown>;
      assert.equal(view.status, 'resolved');
      assert.equal(view.charged, charge.toString());
      assert.equal(view.storage_fee, storageFee.toString());
      assert.equal(view.refunded, (deposit - charge - storageFee).toString());
    }));

  it('a second resolve in the same block is refused before the callback runs', () =>
    withChain(CONFIG, async (d) => {
      await registerWorker(d);
      const { id, done } = await startRequest(d, DEPOSIT);
      const response = okResponse({ instructions: 5, time_ms: 5, compile_time_ms: 5 });
      const [a, b] = await d.callTogether(WORKER, [
        { method: 'resolve_execution', args: { request_id: id, response } },
        { method: 'resolve_execution', args: { request_id: id, response } },
      ]);
      assert.equal([a, b].filter((r) => r.ok).length, 1);
      expectErr(
        [a, b].find((r) => !r.ok)!,
        'ERR_ALREADY_RESOLVED',
      );
      const final = await done;
      assert.equal(events(final.logs).filter((e) => e.event === 'execution_completed').length, 1);
    }));

  it('a yield timeout refunds all but the base fee and the caller gets ERR_TIMED_OUT', () =>
    withChain(
      { ...CONFIG, request_timeout_blocks: 8 },
      async (d) => {
        const payerBefore = d.balance(PAYER);
        const { id, done } = await startRequest(d, DEPOSIT + 7n);
        const final = await done;
        assert.ok(final.ok, final.error ?? '');
        assert.equal((final.value as { error: { code: string } }).error.code, 'ERR_TIMED_OUT');
        await d.until(() => d.balance(PAYER) !== payerBefore);
        assert.equal(d.balance(PAYER) - payerBefore, DEPOSIT + 7n - BASE - completedStorageFee(final.logs));
        assert.equal((d.view('get_request', { request_id: id }) as { status: string }).status, 'timed_out');
        assert.equal((d.view('get_config') as { fees_collected: string }).fees_collected, BASE.toString());
        const completed = events(final.logs).find((e) => e.event === 'execution_completed')!.data[0]!;
        assert.equal(completed.status, 'timed_out');
        assert.equal(completed.fees_kept, BASE.toString());
      },
      { yieldTimeoutBlocks: 10 },
    ));

  it('stale cancel: only the requester, only after the deadline', () =>
    withChain(
      { ...CONFIG, request_timeout_blocks: 40 },
      async (d) => {
        const { id, done } = await startRequest(d, DEPOSIT);
        expectErr(await d.call(ALICE, 'cancel_stale_execution', { request_id: id }), 'ERR_NOT_STALE');
        const deadline = (d.view('get_request', { request_id: id }) as { deadline: number }).deadline;
        await d.until(() => d.near.height > deadline + 1);
        expectErr(await d.call(PAYER, 'cancel_stale_execution', { request_id: id }), 'ERR_NOT_REQUESTER');
        const payerBefore = d.balance(PAYER);
        const cancelled = await d.call(ALICE, 'cancel_stale_execution', { request_id: id });
        assert.ok(cancelled.ok, cancelled.error ?? '');
        assert.equal(events(cancelled.logs)[0]!.data[0]!.status, 'cancelled');
        const storageFee = completedStorageFee(cancelled.logs);
        await d.until(() => d.balance(PAYER) !== payerBefore);
        assert.equal(d.balance(PAYER) - payerBefore, DEPOSIT - BASE - storageFee);
        const final = await done;
        assert.equal((final.value as { error: { code: string } }).error.code, 'ERR_CANCELLED');
        assert.equal(d.balance(PAYER) - payerBefore, DEPOSIT - BASE - storageFee, 'the later yield timeout refunds nothing more');
      },
      { yieldTimeoutBlocks: 60 },
    ));

  // The local chain debits a contract for the deposits of the promises it creates (as nearcore
  // does), so the contract's own balance is exactly its money flow (gas price 0).
  it('the contract keeps nothing of a resolved deposit but the storage fee of its record', () =>
    withChain(CONFIG, async (d) => {
      await registerWorker(d);
      const before = d.balance('errand.test');
      const { id, done } = await startRequest(d, DEPOSIT);
      await d.call(WORKER, 'resolve_execution', { request_id: id, response: okResponse({ instructions: 1, time_ms: 1, compile_time_ms: 1 }) });
      const storageFee = completedStorageFee((await done).logs);
      await d.until(() => !d.near.chain.hasPendingWork());
      assert.equal(d.balance('errand.test'), before + storageFee);
    }));

  it('a timed-out request leaves exactly the base fee in the contract; withdraw_fees pays it out', () =>
    withChain(
      { ...CONFIG, request_timeout_blocks: 8 },
      async (d) => {
        const before = d.balance('errand.test');
        const { done } = await startRequest(d, DEPOSIT + 99n);
        const storageFee = completedStorageFee((await done).logs);
        await d.until(() => !d.near.chain.hasPendingWork());
        assert.equal(d.balance('errand.test'), before + BASE + storageFee);
        const ownerBefore = d.balance(OWNER);
        const paid = await d.call(OWNER, 'withdraw_fees', {});
        assert.ok(paid.ok, paid.error ?? '');
        await d.until(() => !d.near.chain.hasPendingWork());
        assert.equal(d.balance('errand.test'), before + storageFee);
        assert.equal(d.balance(OWNER) - ownerBefore, BASE);
      },
      { yieldTimeoutBlocks: 10 },
    ));
});
