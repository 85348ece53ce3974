/**
 * The `http` capability on the committed errand.wasm (local NEAR chain): validated at
 * request_execution, priced by estimate_cost at its maxima, carried in the event and the record,
 * charged at the capped usage, and the transcript hash accepted only for a request that has it.
 */
import assert from 'node:assert/strict';
import { DEPOSIT, LIMITS, MEASUREMENT, NEAR, PRICING, cost, errorCode, events, requestArgs } from './support/fixtures.ts';
import { ALICE, PAYER, WORKER, withChain, type CallOutcome, type ContractDriver } from './support/localDriver.ts';

const CONFIG = { pricing: PRICING, min_stake: (5n * NEAR).toString(), unbonding_period_blocks: 5 };
const HTTP = { allow: ['api.example.com', '*.prices.example.org:8443'], max_requests: 10, max_response_bytes: 10_240 };
/** The contract's default HTTP prices (PRICING above does not set them). */
const PER_HTTP_REQUEST = 100_000_000_000_000_000_000n;
const PER_HTTP_KIB = 1_000_000_000_000_000_000n;
const TRANSCRIPT = 'cd'.repeat(32);

function expectErr(r: CallOutcome, code: string): void {
  assert.equal(r.ok, false, `expected ${code}, call succeeded`);
  assert.equal(errorCode(r.error ?? ''), code, r.error ?? '');
}

async function start(d: ContractDriver, overrides: Record<string, unknown>, deposit: bigint): Promise<{ id: number; done: Promise<CallOutcome> }> {
  const id = (d.view('get_config') as { next_request_id: number }).next_request_id;
  const done = d.call(ALICE, 'request_execution', requestArgs({ payer_account_id: PAYER, ...overrides }), deposit);
  await d.until(() => d.view('get_request', { request_id: id }) !== null);
  return { id, done };
}

describe('near contract on the local chain: the http capability', function () {
  this.timeout(60_000);

  it('estimate_cost prices the capability at its maxima; bad capabilities are refused with ERR_INVALID_HTTP', () =>
    withChain(CONFIG, async (d) => {
      const without = BigInt(d.view('estimate_cost', { resource_limits: LIMITS }) as string);
      const withHttp = BigInt(d.view('estimate_cost', { resource_limits: LIMITS, http: HTTP }) as string);
      const httpFee = 10n * PER_HTTP_REQUEST + 10n * PER_HTTP_KIB;
      assert.ok(withHttp >= without + httpFee, `${withHttp} covers ${without} + ${httpFee}`);
      for (const bad of [
        { ...HTTP, allow: ['*.com'] },
        { ...HTTP, allow: ['Api.example.com'] },
        { ...HTTP, allow: ['a.*.example.com'] },
        { ...HTTP, allow: ['https://api.example.com'] },
        { ...HTTP, allow: ['api.example.com:0'] },
        { ...HTTP, allow: [] },
        { ...HTTP, max_requests: 0 },
        { ...HTTP, max_response_bytes: 16 * 1024 * 1024 + 1 },
        { ...HTTP, extra: true },
      ]) {
        const r = await d.call(ALICE, 'request_execution', requestArgs({ http: bad }), DEPOSIT * 2n);
        expectErr(r, 'ERR_INVALID_HTTP');
      }
    }));

  it('the capability is in the event and the record; the usage and the transcript hash settle with it', () =>
    withChain(CONFIG, async (d) => {
      assert.ok((await d.call(WORKER, 'register_worker', { public_key: d.publicKeyOf(WORKER), measurement: MEASUREMENT }, 5n * NEAR)).ok);
      const deposit = BigInt(d.view('estimate_cost', { resource_limits: LIMITS, http: HTTP, input_bytes: 2 }) as string);
      const { id, done } = await start(d, { http: HTTP }, deposit);
      assert.deepEqual((d.view('get_request', { request_id: id }) as { http: unknown }).http, HTTP);

      const used = { instructions: 1000, time_ms: 5, compile_time_ms: 0, http_requests: 50, http_response_bytes: 3000 };
      const r = await d.call(WORKER, 'resolve_execution', {
        request_id: id,
        response: { success: true, output: { format: 'text', value: 'ok' }, resources_used: used, transcript_sha256: TRANSCRIPT },
      });
      assert.ok(r.ok, r.error ?? '');
      const final = await done;
      assert.ok(final.ok, final.error ?? '');
      const [requested, completed] = events(final.logs).map((e) => e.data[0]!);
      assert.deepEqual(requested!.http, HTTP);
      assert.equal(completed!.transcript_sha256, TRANSCRIPT);
      const capped = { ...used, http_requests: 10 }; // capped at max_requests
      assert.deepEqual(completed!.resources_used, capped);
      const charge = cost(1000, 5, 0) + 10n * PER_HTTP_REQUEST + 3n * PER_HTTP_KIB; // 3000 bytes: 3 KiB rounded up
      assert.equal(completed!.charged, charge.toString());
      const record = d.view('get_request', { request_id: id }) as Record<string, unknown>;
      assert.equal(record.transcript_sha256, TRANSCRIPT);
    }));

  it('a transcript hash or HTTP usage on a request without the capability is refused', () =>
    withChain(CONFIG, async (d) => {
      assert.ok((await d.call(WORKER, 'register_worker', { public_key: d.publicKeyOf(WORKER), measurement: MEASUREMENT }, 5n * NEAR)).ok);
      const { id } = await start(d, {}, DEPOSIT);
      const base = { success: true, output: { format: 'text', value: 'ok' }, resources_used: { instructions: 1, time_ms: 1, compile_time_ms: 0 } };
      expectErr(await d.call(WORKER, 'resolve_execution', { request_id: id, response: { ...base, transcript_sha256: TRANSCRIPT } }), 'ERR_INVALID_RESPONSE');
      const withUsage = { ...base, resources_used: { ...base.resources_used, http_requests: 1, http_response_bytes: 1 } };
      expectErr(await d.call(WORKER, 'resolve_execution', { request_id: id, response: withUsage }), 'ERR_INVALID_RESPONSE');
      assert.equal((d.view('get_request', { request_id: id }) as { status: string }).status, 'pending', 'still answerable');
    }));
});
