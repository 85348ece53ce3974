/**
 * The requester pays for the storage of their request (committed errand.wasm, minimal host): the
 * deposit must cover a storage reserve, settlement keeps exactly the bytes the record still takes
 * as `storage_fee`, and `delete_request` gives exactly that back when the record goes.
 */
import assert from 'node:assert/strict';
import { DEPOSIT, ESTIMATE, LIMITS, STORAGE_BYTE_COST, completedStorageFee, events, okResponse, requestArgs } from './support/fixtures.ts';
import { ALICE, PAYER, asWorker, callback, expectErr, ok, registerWorker, request, resolveAndPayload, setup, view } from './support/miniSetup.ts';

interface RequestView {
  status: string;
  deposit: string;
  charged: string;
  refunded: string;
  storage_fee: string | null;
}

function estimate(h: ReturnType<typeof setup>, inputBytes?: number): bigint {
  const args = inputBytes === undefined ? { resource_limits: LIMITS } : { resource_limits: LIMITS, input_bytes: inputBytes };
  return BigInt(view(h, 'estimate_cost', args) as string);
}

describe('near contract: the requester pays for request storage (minimal host)', () => {
  it('a deposit that covers the fee but not the storage is refused with what is needed', () => {
    const h = setup();
    const r = h.call('request_execution', requestArgs(), { predecessor: ALICE, deposit: ESTIMATE });
    expectErr(r, 'ERR_DEPOSIT_TOO_SMALL');
    const needed = /needed (\d+) \(fee estimate (\d+) \+ storage reserve (\d+) for (\d+) bytes/.exec(r.error ?? '');
    assert.ok(needed, r.error);
    assert.equal(BigInt(needed[2]!), ESTIMATE);
    assert.equal(BigInt(needed[3]!), BigInt(needed[4]!) * STORAGE_BYTE_COST);
    assert.equal(BigInt(needed[1]!), ESTIMATE + BigInt(needed[3]!));
    expectErr(h.call('request_execution', requestArgs(), { predecessor: ALICE, deposit: BigInt(needed[1]!) - 1n }), 'ERR_DEPOSIT_TOO_SMALL');
    ok(h.call('request_execution', requestArgs(), { predecessor: ALICE, deposit: BigInt(needed[1]!) }));
  });

  it('estimate_cost with input_bytes always passes, even for the largest record', () => {
    const h = setup({ max_input_bytes: 4096 });
    const worst = requestArgs({
      source: { kind: 'wasm_url', url: `https://${'"'.repeat(2040)}`, sha256: 'a'.repeat(64) },
      input: '\\'.repeat(4096),
      secrets_ref: { owner: `${'o'.repeat(59)}.near`, profile: 'p'.repeat(64) },
      response_format: 'bytes',
      payer_account_id: `${'p'.repeat(59)}.near`,
    });
    const sender = `${'s'.repeat(59)}.near`;
    const r = ok(h.call('request_execution', worst, { predecessor: sender, deposit: estimate(h, 4096) }));
    assert.equal(events(r.logs)[0]!.event, 'execution_requested');
    // And it settles: the worst record's storage fee fits in what the deposit left after the fee.
    const cb = callback(h, 1, null);
    const done = events(cb.logs)[0]!.data[0]!;
    assert.equal(BigInt(done.charged as string) + BigInt(done.refund as string) + completedStorageFee(cb.logs), estimate(h, 4096));
    ok(h.call('request_execution', requestArgs({ input: '' }), { predecessor: ALICE, deposit: estimate(h) }));
  });

  it('settlement keeps exactly the retained record bytes as storage_fee: charged + refund + storage_fee = deposit', () => {
    const h = setup();
    registerWorker(h);
    const usage0 = h.storageUsage;
    request(h, { input: 'i'.repeat(900) });
    const cb = callback(h, 1, resolveAndPayload(h, 1, okResponse({ instructions: 7, time_ms: 3, compile_time_ms: 2 })));
    const fee = completedStorageFee(cb.logs);
    // Counters in the config keep their digit count here (next_request_id 1 -> 2, no fees kept),
    // so every byte the contract still holds is the settled record.
    assert.equal(fee, (h.storageUsage - usage0) * STORAGE_BYTE_COST, 'storage_fee is the bytes the record retains');
    const done = events(cb.logs)[0]!.data[0]!;
    assert.equal(BigInt(done.charged as string) + BigInt(done.refund as string) + fee, DEPOSIT);
    assert.equal(BigInt(done.fees_kept as string), 0n, 'the storage fee is not a collected fee');
    assert.deepEqual(
      cb.promises.map((p) => p.kind === 'transfer' && p.amount),
      [BigInt(done.charged as string), BigInt(done.refund as string)],
    );
    const v = view(h, 'get_request', { request_id: 1 }) as RequestView;
    assert.equal(v.storage_fee, fee.toString());
    assert.equal(BigInt(v.charged) + BigInt(v.refunded) + BigInt(v.storage_fee!), BigInt(v.deposit));
    assert.equal((view(h, 'get_config', {}) as { fees_collected: string }).fees_collected, '0');
  });

  it('delete_request: requester or payer, after settlement, output first; refunds exactly the storage fee', () => {
    const h = setup({ request_timeout_blocks: 5 });
    registerWorker(h);
    const usage0 = h.storageUsage;
    request(h);
    assert.equal((view(h, 'get_request', { request_id: 1 }) as RequestView).storage_fee, null);
    expectErr(h.call('delete_request', { request_id: 1 }, { predecessor: ALICE }), 'ERR_STILL_PENDING');
    ok(asWorker(h, 'submit_execution_output', { request_id: 1, output: { format: 'text', value: 'v'.repeat(2000) } }, 10n ** 24n));
    const stored = h.storageUsage;
    const payload = resolveAndPayload(h, 1, {
      success: true,
      output: { format: 'stored', sha256: (view(h, 'get_execution_output', { request_id: 1 }) as { sha256: string }).sha256, bytes: 2000 },
      resources_used: { instructions: 1, time_ms: 1, compile_time_ms: 1 },
    });
    const fee = completedStorageFee(callback(h, 1, payload).logs);
    expectErr(h.call('delete_request', { request_id: 1 }, { predecessor: 'stranger.test.near' }), 'ERR_NOT_REQUESTER');
    expectErr(h.call('delete_request', { request_id: 1 }, { predecessor: ALICE }), 'ERR_OUTPUT_EXISTS');
    ok(h.call('delete_execution_output', { request_id: 1 }, { predecessor: ALICE }));
    assert.ok(stored > h.storageUsage);
    expectErr(h.call('delete_request', { request_id: 1 }, { predecessor: ALICE, deposit: 1n }), 'ERR_NOT_PAYABLE');
    const del = ok(h.call('delete_request', { request_id: 1 }, { predecessor: PAYER }));
    assert.deepEqual(JSON.parse(del.value!), { refunded: fee.toString() });
    assert.deepEqual(del.promises, [{ kind: 'transfer', to: PAYER, amount: fee }]);
    assert.equal(h.storageUsage, usage0, 'the contract holds nothing of the request any more');
    assert.equal(view(h, 'get_request', { request_id: 1 }), null);
    expectErr(h.call('delete_request', { request_id: 1 }, { predecessor: PAYER }), 'ERR_REQUEST_NOT_FOUND');
  });

  it('a cancelled request deleted before its yield times out: the late callback moves nothing', () => {
    const h = setup({ request_timeout_blocks: 5 });
    request(h);
    h.blockHeight += 6n;
    const cancelled = ok(h.call('cancel_stale_execution', { request_id: 1 }, { predecessor: ALICE }));
    const del = ok(h.call('delete_request', { request_id: 1 }, { predecessor: ALICE }));
    assert.deepEqual(del.promises, [{ kind: 'transfer', to: PAYER, amount: completedStorageFee(cancelled.logs) }]);
    const late = callback(h, 1, null);
    assert.deepEqual(late.promises, []);
    assert.equal(JSON.parse(late.value!).error.code, 'ERR_CANCELLED');
  });
});
