/**
 * The opt-in scratch directory in a request's limits (`max_scratch_mb`, issue 11) on the committed
 * errand.wasm: validated against the memory limit and the contract maximum, not priced, absent
 * from records that do not ask for it (old requests keep their shape), and carried by the wire.
 */
import assert from 'node:assert/strict';
import { limitsFromWire, limitsToWire } from '../../../contracts/near/client/wire.ts';
import { MiniHost, type CallResult } from './support/miniHost.ts';
import { DEPOSIT, LIMITS, errorCode, events, requestArgs } from './support/fixtures.ts';

const OWNER = 'owner.test.near';
const ALICE = 'alice.test.near';

function ok(r: CallResult): CallResult {
  assert.ok(r.ok, r.error);
  return r;
}

function expectErr(r: CallResult, code: string): void {
  assert.equal(r.ok, false, `expected ${code}, call succeeded`);
  assert.equal(errorCode(r.error), code, r.error);
}

function setup(newArgs: Record<string, unknown> = {}): MiniHost {
  const h = new MiniHost();
  ok(h.call('new', { owner_id: OWNER, ...newArgs }, { predecessor: h.contractId }));
  return h;
}

const limitsOf = (r: CallResult): Record<string, unknown> => events(r.logs)[0]!.data[0]!['resource_limits'] as Record<string, unknown>;
const view = (h: MiniHost, method: string, args: Record<string, unknown>): unknown =>
  JSON.parse(ok(h.call(method, args, { predecessor: '', view: true })).value!);

describe('near contract: max_scratch_mb in the request limits', () => {
  it('the default maximum is 256 MiB, shown by get_config', () => {
    const cfg = view(setup(), 'get_config', {}) as { max_limits: Record<string, number> };
    assert.equal(cfg.max_limits['max_scratch_mb'], 256);
  });

  it('a request with scratch is accepted and carries it; one without keeps the old shape', () => {
    const h = setup();
    const withScratch = ok(
      h.call('request_execution', requestArgs({ resource_limits: { ...LIMITS, max_scratch_mb: 8 } }), { predecessor: ALICE, deposit: DEPOSIT }),
    );
    assert.equal(limitsOf(withScratch)['max_scratch_mb'], 8);
    const plain = ok(h.call('request_execution', requestArgs(), { predecessor: ALICE, deposit: DEPOSIT }));
    assert.deepEqual(limitsOf(plain), LIMITS);
    const zero = ok(h.call('request_execution', requestArgs({ resource_limits: { ...LIMITS, max_scratch_mb: 0 } }), { predecessor: ALICE, deposit: DEPOSIT }));
    assert.deepEqual(limitsOf(zero), LIMITS, '0 is the same as absent');
    const stored = view(h, 'get_request', { request_id: 1 }) as { resource_limits: Record<string, number> };
    assert.equal(stored.resource_limits['max_scratch_mb'], 8);
  });

  it('scratch is not priced: the estimate is the same with and without it', () => {
    const h = setup();
    const estimate = (l: Record<string, unknown>): unknown => view(h, 'estimate_cost', { resource_limits: l });
    assert.equal(estimate({ ...LIMITS, max_scratch_mb: 32 }), estimate(LIMITS));
  });

  it('refuses scratch that reaches the memory limit, exceeds the maximum, or is malformed', () => {
    const h = setup();
    const request = (l: Record<string, unknown>): CallResult =>
      h.call('request_execution', requestArgs({ resource_limits: l }), { predecessor: ALICE, deposit: DEPOSIT });
    expectErr(request({ ...LIMITS, max_scratch_mb: LIMITS.max_memory_mb }), 'ERR_INVALID_LIMITS');
    expectErr(request({ ...LIMITS, max_memory_mb: 512, max_scratch_mb: 257 }), 'ERR_LIMIT_EXCEEDED');
    expectErr(request({ ...LIMITS, max_scratch_mb: -1 }), 'ERR_INVALID_LIMITS');
    expectErr(request({ ...LIMITS, max_scratch_mb: '4' }), 'ERR_INVALID_LIMITS');
    ok(request({ ...LIMITS, max_scratch_mb: LIMITS.max_memory_mb - 1 }));
  });

  it('a config whose max_limits omit max_scratch_mb allows no scratch', () => {
    const h = setup({ max_limits: { max_instructions: 10_000_000, max_memory_mb: 128, max_execution_ms: 5000, max_compile_ms: 5000 } });
    expectErr(
      h.call('request_execution', requestArgs({ resource_limits: { ...LIMITS, max_scratch_mb: 1 } }), { predecessor: ALICE, deposit: DEPOSIT }),
      'ERR_LIMIT_EXCEEDED',
    );
    ok(h.call('request_execution', requestArgs(), { predecessor: ALICE, deposit: DEPOSIT }));
  });

  it('the client wire writes the field only when asked for and reads it back', () => {
    const base = { maxInstructions: 1, maxMemoryMb: 64, maxExecutionMs: 1, maxCompileMs: 0 };
    assert.deepEqual(limitsToWire(base), { max_instructions: 1, max_memory_mb: 64, max_execution_ms: 1, max_compile_ms: 0 });
    assert.equal(limitsToWire({ ...base, maxScratchMb: 0 })['max_scratch_mb'], undefined);
    assert.deepEqual(limitsFromWire(limitsToWire({ ...base, maxScratchMb: 4 })), { ...base, maxScratchMb: 4 });
    assert.deepEqual(limitsFromWire(limitsToWire(base)), base);
    assert.throws(() => limitsFromWire({ ...limitsToWire(base), max_scratch_mb: 'x' }), /CHAIN__BAD_CONTRACT_DATA|unexpected limits/);
  });
});
