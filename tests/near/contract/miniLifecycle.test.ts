/**
 * Request and worker lifecycles on the committed errand.wasm in the minimal host: error
 * responses, timeouts, stale cancels, large inputs and outputs, staking, and pausing.
 */
import assert from 'node:assert/strict';
import { DEPOSIT, NEAR, completedStorageFee, PRICING, cost, events, okResponse, workerKey, MEASUREMENT } from './support/fixtures.ts';
import {
  ALICE,
  KEY,
  OWNER,
  PAYER,
  WORKER,
  asWorker,
  callback,
  expectErr,
  ok,
  registerWorker,
  request,
  resolveAndPayload,
  setup,
  view,
} from './support/miniSetup.ts';

const BASE = BigInt(PRICING.base_fee);

describe('near contract lifecycles on a minimal host', () => {
  it('an error response pays the worker the base fee and refunds the rest', () => {
    const h = setup();
    registerWorker(h);
    request(h, {}, DEPOSIT + 10n);
    const payload = resolveAndPayload(h, 1, {
      success: false,
      error: { code: 'EXECUTOR__TRAP', message: 'unreachable' },
      resources_used: { instructions: 9, time_ms: 1, compile_time_ms: 0 },
    });
    const cb = callback(h, 1, payload);
    assert.deepEqual(cb.promises, [
      { kind: 'transfer', to: WORKER, amount: BASE },
      { kind: 'transfer', to: PAYER, amount: DEPOSIT + 10n - BASE - completedStorageFee(cb.logs) },
    ]);
    const done = events(cb.logs)[0]!.data[0]!;
    assert.equal(done.success, false);
    assert.deepEqual(done.error, { code: 'EXECUTOR__TRAP', message: 'unreachable' });
  });

  it('charges with the prices in force when the request was paid, not later ones', () => {
    const h = setup();
    registerWorker(h);
    request(h);
    const dearer = { base_fee: (10n * BASE).toString(), per_million_instructions: '1', per_ms: '1', per_compile_ms: '1' };
    ok(h.call('set_pricing', { pricing: dearer }, { predecessor: OWNER }));
    const payload = resolveAndPayload(h, 1, okResponse({ instructions: 1_000_000, time_ms: 2, compile_time_ms: 3 }));
    const charge = cost(1_000_000, 2, 3);
    const cb = callback(h, 1, payload);
    assert.deepEqual(cb.promises, [
      { kind: 'transfer', to: WORKER, amount: charge },
      { kind: 'transfer', to: PAYER, amount: DEPOSIT - charge - completedStorageFee(cb.logs) },
    ]);
  });

  it('a yield timeout refunds all but the base fee, which the contract keeps', () => {
    const h = setup();
    request(h);
    const cb = callback(h, 1, null);
    assert.deepEqual(cb.promises, [{ kind: 'transfer', to: PAYER, amount: DEPOSIT - BASE - completedStorageFee(cb.logs) }]);
    assert.equal(JSON.parse(cb.value!).error.code, 'ERR_TIMED_OUT');
    assert.equal((view(h, 'get_request', { request_id: 1 }) as { status: string }).status, 'timed_out');
    assert.equal((view(h, 'get_config', {}) as { fees_collected: string }).fees_collected, BASE.toString());
    registerWorker(h);
    expectErr(
      asWorker(h, 'resolve_execution', { request_id: 1, response: okResponse({ instructions: 1, time_ms: 1, compile_time_ms: 0 }) }),
      'ERR_NOT_PENDING',
    );
    const again = callback(h, 1, null);
    assert.deepEqual(again.promises, [], 'a request resolves at most once');
  });

  it('only the requester cancels, only after the deadline, and the late timeout moves nothing', () => {
    const h = setup({ request_timeout_blocks: 5 });
    request(h);
    expectErr(h.call('cancel_stale_execution', { request_id: 1 }, { predecessor: ALICE }), 'ERR_NOT_STALE');
    h.blockHeight += 6n;
    expectErr(h.call('cancel_stale_execution', { request_id: 1 }, { predecessor: PAYER }), 'ERR_NOT_REQUESTER');
    const c = ok(h.call('cancel_stale_execution', { request_id: 1 }, { predecessor: ALICE }));
    assert.deepEqual(c.promises, [{ kind: 'transfer', to: PAYER, amount: DEPOSIT - BASE - completedStorageFee(c.logs) }]);
    assert.equal(events(c.logs)[0]!.data[0]!.status, 'cancelled');
    expectErr(h.call('cancel_stale_execution', { request_id: 1 }, { predecessor: ALICE }), 'ERR_NOT_PENDING');
    assert.deepEqual(callback(h, 1, null).promises, []);
  });

  it('keeps large inputs in state and out of the event', () => {
    const h = setup();
    const big = 'x'.repeat(5000);
    const r = request(h, { input: big });
    const data = events(r.logs)[0]!.data[0]!;
    assert.equal(data.input, null);
    assert.equal(data.input_in_state, true);
    assert.equal((view(h, 'get_request', { request_id: 1 }) as { input: string }).input, big);
  });

  it('stored outputs: the worker pays storage, resolve references them, deletion refunds the worker', () => {
    const h = setup();
    registerWorker(h);
    request(h);
    const value = 'y'.repeat(3000);
    expectErr(asWorker(h, 'submit_execution_output', { request_id: 1, output: { format: 'text', value } }, 1n), 'ERR_INSUFFICIENT_STORAGE_DEPOSIT');
    const before = h.storageUsage;
    const sub = ok(asWorker(h, 'submit_execution_output', { request_id: 1, output: { format: 'text', value } }, NEAR));
    const storageDeposit = (h.storageUsage - before) * 10n ** 19n;
    assert.deepEqual(sub.promises, [{ kind: 'transfer', to: WORKER, amount: NEAR - storageDeposit }]);
    const { sha256, bytes } = JSON.parse(sub.value!);
    assert.equal(bytes, 3000);
    expectErr(
      asWorker(h, 'resolve_execution', {
        request_id: 1,
        response: {
          success: true,
          output: { format: 'stored', sha256: '0'.repeat(64), bytes },
          resources_used: { instructions: 1, time_ms: 1, compile_time_ms: 1 },
        },
      }),
      'ERR_STORED_OUTPUT_MISMATCH',
    );
    expectErr(
      asWorker(h, 'resolve_execution', { request_id: 1, response: okResponse({ instructions: 1, time_ms: 1, compile_time_ms: 1 }, value) }),
      'ERR_RESPONSE_TOO_LARGE',
    );
    const payload = resolveAndPayload(h, 1, {
      success: true,
      output: { format: 'stored', sha256, bytes },
      resources_used: { instructions: 1, time_ms: 1, compile_time_ms: 1 },
    });
    expectErr(h.call('delete_execution_output', { request_id: 1 }, { predecessor: ALICE }), 'ERR_STILL_PENDING');
    callback(h, 1, payload);
    assert.equal((view(h, 'get_execution_output', { request_id: 1 }) as { value: string }).value, value);
    const beforeDelete = h.storageUsage;
    const del = ok(h.call('delete_execution_output', { request_id: 1 }, { predecessor: ALICE }));
    assert.deepEqual(del.promises, [{ kind: 'transfer', to: WORKER, amount: storageDeposit }]);
    assert.equal((beforeDelete - h.storageUsage) * 10n ** 19n, storageDeposit);
  });

  it('stake, unbond, withdraw, slash', () => {
    const h = setup();
    expectErr(
      h.call('register_worker', { public_key: KEY.publicKey, measurement: MEASUREMENT }, { predecessor: WORKER, deposit: 5n * NEAR - 1n }),
      'ERR_STAKE_TOO_SMALL',
    );
    expectErr(
      h.call('register_worker', { public_key: 'ed25519:abc', measurement: MEASUREMENT }, { predecessor: WORKER, deposit: 5n * NEAR }),
      'ERR_INVALID_PUBLIC_KEY',
    );
    const reg = registerWorker(h);
    assert.equal(events(reg.logs)[0]!.event, 'worker_registered');
    expectErr(
      h.call('register_worker', { public_key: KEY.publicKey, measurement: MEASUREMENT }, { predecessor: 'other.test.near', deposit: 5n * NEAR }),
      'ERR_KEY_IN_USE',
    );
    assert.equal((view(h, 'get_worker_by_key', { public_key: KEY.publicKey }) as { account_id: string }).account_id, WORKER);

    expectErr(h.call('slash_worker', { account_id: WORKER, amount: NEAR.toString(), reason: 'bad output' }, { predecessor: ALICE }), 'ERR_NOT_OWNER');
    expectErr(h.call('slash_worker', { account_id: WORKER, amount: (6n * NEAR).toString(), reason: 'x' }, { predecessor: OWNER }), 'ERR_SLASH_EXCEEDS_STAKE');
    const slash = ok(h.call('slash_worker', { account_id: WORKER, amount: NEAR.toString(), reason: 'bad output' }, { predecessor: OWNER }));
    assert.deepEqual(events(slash.logs)[0]!.data[0], {
      account_id: WORKER,
      amount: NEAR.toString(),
      reason: 'bad output',
      remaining_stake: (4n * NEAR).toString(),
    });
    const w = view(h, 'get_worker', { account_id: WORKER }) as { status: string; stake: string; slashes: unknown[] };
    assert.equal(w.status, 'slashed');
    assert.equal(w.stake, (4n * NEAR).toString());
    assert.deepEqual(w.slashes, [{ amount: NEAR.toString(), reason: 'bad output', block_height: 100 }]);
    request(h);
    expectErr(
      asWorker(h, 'resolve_execution', { request_id: 1, response: okResponse({ instructions: 1, time_ms: 1, compile_time_ms: 0 }) }),
      'ERR_WORKER_NOT_ACTIVE',
    );

    expectErr(h.call('withdraw_stake', {}, { predecessor: WORKER }), 'ERR_WORKER_NOT_UNBONDING');
    ok(h.call('unregister_worker', {}, { predecessor: WORKER }));
    expectErr(h.call('withdraw_stake', {}, { predecessor: WORKER }), 'ERR_STILL_UNBONDING');
    h.blockHeight += 10n;
    const wd = ok(h.call('withdraw_stake', {}, { predecessor: WORKER }));
    assert.deepEqual(wd.promises, [{ kind: 'transfer', to: WORKER, amount: 4n * NEAR }]);
    assert.equal((view(h, 'get_worker', { account_id: WORKER }) as { status: string }).status, 'withdrawn');
    assert.equal(view(h, 'get_worker_by_key', { public_key: KEY.publicKey }), null);
    expectErr(h.call('withdraw_stake', {}, { predecessor: WORKER }), 'ERR_WORKER_NOT_UNBONDING');
    registerWorker(h, WORKER, workerKey(9));
    assert.equal((view(h, 'list_workers', {}) as unknown[]).length, 1);
    const fees = ok(h.call('withdraw_fees', {}, { predecessor: OWNER }));
    assert.deepEqual(fees.promises, [{ kind: 'transfer', to: OWNER, amount: NEAR }]);
  });

  it('pause blocks new requests, secrets and workers but not refunds', () => {
    const h = setup({ request_timeout_blocks: 1 });
    request(h);
    expectErr(h.call('pause', {}, { predecessor: ALICE }), 'ERR_NOT_OWNER');
    ok(h.call('pause', {}, { predecessor: OWNER }));
    expectErr(h.call('request_execution', { source: {}, input: '', resource_limits: {} }, { predecessor: ALICE, deposit: DEPOSIT }), 'ERR_PAUSED');
    expectErr(h.call('register_worker', { public_key: KEY.publicKey, measurement: MEASUREMENT }, { predecessor: WORKER, deposit: 5n * NEAR }), 'ERR_PAUSED');
    h.blockHeight += 2n;
    ok(h.call('cancel_stale_execution', { request_id: 1 }, { predecessor: ALICE }));
    ok(h.call('unpause', {}, { predecessor: OWNER }));
    request(h);
  });

  it('round-trips unicode and escapes through state and events', () => {
    const h = setup();
    const input = 'héllo "wörld" \\ \n\t \u0001 😀';
    const r = request(h, { input });
    assert.equal(events(r.logs)[0]!.data[0]!.input, input);
    assert.equal((view(h, 'get_request', { request_id: 1 }) as { input: string }).input, input);
    expectErr(h.call('get_request', undefined, { predecessor: '', view: true }), 'ERR_INVALID_ARGS');
    const malformed = h.call('estimate_cost', { resource_limits: { max_instructions: 1.5 } }, { predecessor: '', view: true });
    expectErr(malformed, 'ERR_INVALID_LIMITS');
  });
});
