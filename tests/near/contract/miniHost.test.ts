/**
 * Contract logic on the committed errand.wasm, one call at a time in a minimal host (see
 * support/miniHost.ts): validation, pricing, yield/resume bookkeeping, storage deposits.
 * Receipt ordering, balances and timeouts are covered on the local chain.
 */
import assert from 'node:assert/strict';
import { MiniHost, type CallResult } from './support/miniHost.ts';
import {
  DEPOSIT,
  ESTIMATE,
  LIMITS,
  completedStorageFee,
  MEASUREMENT,
  NEAR,
  STORAGE_BYTE_COST,
  cost,
  errorCode,
  events,
  okResponse,
  requestArgs,
  workerKey,
} from './support/fixtures.ts';

const OWNER = 'owner.test.near';
const ALICE = 'alice.test.near';
const WORKER = 'worker.test.near';

function expectErr(r: CallResult, code: string): void {
  assert.equal(r.ok, false, `expected ${code}, call succeeded`);
  assert.equal(errorCode(r.error), code, r.error);
}

function ok(r: CallResult): CallResult {
  assert.ok(r.ok, r.error);
  return r;
}

function setup(): MiniHost {
  const h = new MiniHost();
  ok(h.call('new', { owner_id: OWNER, min_stake: (5n * NEAR).toString(), unbonding_period_blocks: 10 }, { predecessor: h.contractId }));
  return h;
}

const key = workerKey(7);

function registerWorker(h: MiniHost): void {
  ok(h.call('register_worker', { public_key: key.publicKey, measurement: MEASUREMENT }, { predecessor: WORKER, deposit: 5n * NEAR }));
}

describe('near contract on a minimal host', () => {
  it('new is private and runs once', () => {
    const h = new MiniHost();
    expectErr(h.call('new', { owner_id: OWNER }, { predecessor: ALICE }), 'ERR_PRIVATE');
    ok(h.call('new', { owner_id: OWNER }, { predecessor: h.contractId }));
    expectErr(h.call('new', { owner_id: OWNER }, { predecessor: h.contractId }), 'ERR_ALREADY_INITIALIZED');
  });

  it('estimate_cost includes the compile term and matches the formula', () => {
    const h = setup();
    const estimate = (args: Record<string, unknown>): bigint => BigInt(JSON.parse(ok(h.call('estimate_cost', args, { predecessor: '', view: true })).value!));
    const withStorage = estimate({ resource_limits: LIMITS });
    const storageBound = withStorage - ESTIMATE;
    assert.ok(storageBound > 0n && storageBound % STORAGE_BYTE_COST === 0n, 'the fee estimate plus a whole number of storage bytes');
    assert.equal(estimate({ resource_limits: { ...LIMITS, max_compile_ms: 0 } }), withStorage - 2000n * 10n ** 18n);
    assert.equal(estimate({ resource_limits: LIMITS, input_bytes: 1000 }), withStorage + 1000n * STORAGE_BYTE_COST, 'each input byte adds one byte of storage');
    expectErr(h.call('estimate_cost', { resource_limits: LIMITS, input_bytes: 65537 }, { predecessor: '', view: true }), 'ERR_INPUT_TOO_LARGE');
  });

  it('rejects a too small deposit, bad sources and limits above the maxima', () => {
    const h = setup();
    expectErr(h.call('request_execution', requestArgs(), { predecessor: ALICE, deposit: ESTIMATE - 1n }), 'ERR_DEPOSIT_TOO_SMALL');
    expectErr(
      h.call('request_execution', requestArgs({ source: { kind: 'wasm_url', url: 'https://x/y.wasm', sha256: 'AB' } }), {
        predecessor: ALICE,
        deposit: ESTIMATE,
      }),
      'ERR_INVALID_SOURCE',
    );
    expectErr(
      h.call('request_execution', requestArgs({ source: { kind: 'git', repo: 'r', commit: '', target: 'wasm32-wasip1' } }), {
        predecessor: ALICE,
        deposit: ESTIMATE,
      }),
      'ERR_INVALID_SOURCE',
    );
    expectErr(
      h.call('request_execution', requestArgs({ resource_limits: { ...LIMITS, max_memory_mb: 100000 } }), { predecessor: ALICE, deposit: ESTIMATE * 1000n }),
      'ERR_LIMIT_EXCEEDED',
    );
    expectErr(h.call('request_execution', requestArgs({ extra: 1 }), { predecessor: ALICE, deposit: ESTIMATE }), 'ERR_INVALID_ARGS');
    expectErr(h.call('request_execution', requestArgs({ input: 'x'.repeat(65537) }), { predecessor: ALICE, deposit: ESTIMATE }), 'ERR_INPUT_TOO_LARGE');
  });

  it('request, resolve by the registered key, callback pays capped usage and refunds the rest', () => {
    const h = setup();
    registerWorker(h);
    const req = ok(h.call('request_execution', requestArgs({ payer_account_id: 'payer.test.near' }), { predecessor: ALICE, deposit: DEPOSIT + 5n }));
    const [ev] = events(req.logs);
    assert.equal(ev!.event, 'execution_requested');
    const data = ev!.data[0]!;
    assert.equal(data.request_id, 1);
    assert.equal(data.input, 'hello');
    assert.equal(data.input_in_state, false);
    assert.equal(data.deposit, (DEPOSIT + 5n).toString());
    const y = req.promises.find((p) => p.kind === 'yield');
    assert.ok(y && y.kind === 'yield');
    assert.equal(y.method, 'on_execution_response');
    assert.equal(data.data_id, y.dataId);

    expectErr(
      h.call(
        'resolve_execution',
        { request_id: 1, response: okResponse({ instructions: 1, time_ms: 1, compile_time_ms: 1 }) },
        { predecessor: WORKER, signerPk: workerKey(8).borsh },
      ),
      'ERR_NOT_A_WORKER',
    );
    expectErr(
      h.call(
        'resolve_execution',
        { request_id: 1, response: okResponse({ instructions: 1, time_ms: 1, compile_time_ms: 1 }) },
        { predecessor: ALICE, signerPk: key.borsh },
      ),
      'ERR_NOT_A_WORKER',
    );
    const used = { instructions: 10 ** 12, time_ms: 5, compile_time_ms: 10 ** 9 };
    const res = ok(h.call('resolve_execution', { request_id: '1', response: okResponse(used) }, { predecessor: WORKER, signerPk: key.borsh }));
    const resume = res.promises.find((p) => p.kind === 'resume');
    assert.ok(resume && resume.kind === 'resume');
    expectErr(h.call('resolve_execution', { request_id: 1, response: okResponse(used) }, { predecessor: WORKER, signerPk: key.borsh }), 'ERR_ALREADY_RESOLVED');

    expectErr(
      h.call('on_execution_response', { request_id: 1 }, { predecessor: ALICE, promiseResult: new TextEncoder().encode(resume.payload) }),
      'ERR_PRIVATE',
    );
    const cb = ok(h.call('on_execution_response', { request_id: 1 }, { predecessor: h.contractId, promiseResult: new TextEncoder().encode(resume.payload) }));
    const charge = cost(LIMITS.max_instructions, 5, LIMITS.max_compile_ms);
    assert.deepEqual(cb.promises, [
      { kind: 'transfer', to: WORKER, amount: charge },
      { kind: 'transfer', to: 'payer.test.near', amount: DEPOSIT + 5n - charge - completedStorageFee(cb.logs) },
    ]);
    const done = events(cb.logs)[0]!.data[0]!;
    assert.equal(done.status, 'resolved');
    assert.deepEqual(done.resources_used, { instructions: LIMITS.max_instructions, time_ms: 5, compile_time_ms: LIMITS.max_compile_ms });
    const returned = JSON.parse(cb.value!);
    assert.equal(returned.success, true);
    const view = JSON.parse(ok(h.call('get_request', { request_id: 1 }, { predecessor: '', view: true })).value!);
    assert.equal(view.status, 'resolved');
    assert.equal(view.input, null);
    assert.equal(view.resolved_by, WORKER);
  });

  it('secrets: store, overwrite, delete with exact storage deposits', () => {
    const h = setup();
    const args = { repo: 'https://example.com/app.git', profile: 'default', encrypted: 'QUJD', access_condition: { type: 'AllowAll' } };
    const before = h.storageUsage;
    const r1 = ok(h.call('store_secrets', args, { predecessor: ALICE, deposit: NEAR }));
    const bytes1 = h.storageUsage - before;
    const out1 = JSON.parse(r1.value!);
    assert.equal(BigInt(out1.storage_deposit), bytes1 * STORAGE_BYTE_COST);
    assert.equal(BigInt(out1.refunded), NEAR - bytes1 * STORAGE_BYTE_COST);
    const bigger = { ...args, encrypted: 'QUJD'.repeat(50) };
    const r2 = ok(h.call('store_secrets', bigger, { predecessor: ALICE, deposit: NEAR }));
    const bytes2 = h.storageUsage - before;
    assert.equal(BigInt(JSON.parse(r2.value!).storage_deposit), bytes2 * STORAGE_BYTE_COST);
    assert.equal(BigInt(JSON.parse(r2.value!).refunded), NEAR - (bytes2 - bytes1) * STORAGE_BYTE_COST);
    const list = JSON.parse(ok(h.call('list_user_secrets', { owner: ALICE }, { predecessor: '', view: true })).value!);
    assert.deepEqual(list, [{ repo: args.repo, branch: null, profile: 'default', storage_deposit: (bytes2 * STORAGE_BYTE_COST).toString() }]);
    const del = ok(h.call('delete_secrets', { repo: args.repo, profile: 'default' }, { predecessor: ALICE }));
    assert.equal(BigInt(JSON.parse(del.value!).refunded), bytes2 * STORAGE_BYTE_COST);
    assert.equal(h.storageUsage, before);
    assert.deepEqual(del.promises, [{ kind: 'transfer', to: ALICE, amount: bytes2 * STORAGE_BYTE_COST }]);
  });

  it('rejects malformed access conditions', () => {
    const h = setup();
    const base = { repo: 'r', profile: 'p', encrypted: 'QUJD' };
    const deep = {
      type: 'Logic',
      op: 'NOT',
      conditions: [
        {
          type: 'Logic',
          op: 'NOT',
          conditions: [{ type: 'Logic', op: 'NOT', conditions: [{ type: 'Logic', op: 'NOT', conditions: [{ type: 'AllowAll' }] }] }],
        },
      ],
    };
    for (const bad of [
      { type: 'Nope' },
      { type: 'Whitelist', accounts: [] },
      { type: 'RequireNearBalance', min: '-1' },
      { type: 'Logic', op: 'NOT', conditions: [] },
      deep,
    ]) {
      expectErr(h.call('store_secrets', { ...base, access_condition: bad }, { predecessor: ALICE, deposit: NEAR }), 'ERR_INVALID_ACCESS_CONDITION');
    }
  });
});
