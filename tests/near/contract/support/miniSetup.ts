/**
 * Helpers for mini-host tests: an initialised contract, a registered worker, expectations on
 * coded panics, and a request that has been resumed by the worker.
 */
import assert from 'node:assert/strict';
import { MiniHost, type CallResult } from './miniHost.ts';
import { DEPOSIT, MEASUREMENT, NEAR, errorCode, requestArgs, workerKey } from './fixtures.ts';

export const OWNER = 'owner.test.near';
export const ALICE = 'alice.test.near';
export const PAYER = 'payer.test.near';
export const WORKER = 'worker.test.near';
export const KEY = workerKey(7);

export function expectErr(r: CallResult, code: string): void {
  assert.equal(r.ok, false, `expected ${code}, call succeeded`);
  assert.equal(errorCode(r.error), code, r.error);
}

export function ok(r: CallResult): CallResult {
  assert.ok(r.ok, r.error);
  return r;
}

export function setup(extra: Record<string, unknown> = {}): MiniHost {
  const h = new MiniHost();
  ok(h.call('new', { owner_id: OWNER, min_stake: (5n * NEAR).toString(), unbonding_period_blocks: 10, ...extra }, { predecessor: h.contractId }));
  return h;
}

export function registerWorker(h: MiniHost, account = WORKER, key = KEY): CallResult {
  return ok(h.call('register_worker', { public_key: key.publicKey, measurement: MEASUREMENT }, { predecessor: account, deposit: 5n * NEAR }));
}

export function request(h: MiniHost, overrides: Record<string, unknown> = {}, deposit = DEPOSIT): CallResult {
  return ok(h.call('request_execution', requestArgs({ payer_account_id: PAYER, ...overrides }), { predecessor: ALICE, deposit }));
}

export function asWorker(h: MiniHost, method: string, args: unknown, deposit = 0n): CallResult {
  return h.call(method, args, { predecessor: WORKER, signerPk: KEY.borsh, deposit });
}

/** Resolves request `id` and returns the yield payload the runtime would deliver. */
export function resolveAndPayload(h: MiniHost, id: number, response: unknown): Uint8Array {
  const r = ok(asWorker(h, 'resolve_execution', { request_id: id, response }));
  const resume = r.promises.find((p) => p.kind === 'resume');
  assert.ok(resume && resume.kind === 'resume');
  return new TextEncoder().encode(resume.payload);
}

export function callback(h: MiniHost, id: number, result: Uint8Array | null): CallResult {
  return ok(h.call('on_execution_response', { request_id: id }, { predecessor: h.contractId, promiseResult: result }));
}

export function view(h: MiniHost, method: string, args: unknown): unknown {
  return JSON.parse(ok(h.call(method, args, { predecessor: '', view: true })).value!);
}
