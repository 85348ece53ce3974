/**
 * Shared fixtures for contract tests: NEAR amounts, worker keys, valid request arguments, and a
 * NEP-297 checker for the contract's event logs.
 */
import assert from 'node:assert/strict';
import { baseEncode } from '@near-js/utils';
import nacl from 'tweetnacl';

export const NEAR = 10n ** 24n;
export const STORAGE_BYTE_COST = 10n ** 19n;

export const PRICING = {
  base_fee: '1000000000000000000000',
  per_million_instructions: '100000000000000000',
  per_ms: '10000000000000000000',
  per_compile_ms: '1000000000000000000',
};

export const LIMITS = { max_instructions: 5_000_000, max_memory_mb: 64, max_execution_ms: 1000, max_compile_ms: 2000 };

/** The contract's pricing formula, independently in bigint. */
export function cost(instructions: number, ms: number, compileMs: number): bigint {
  const instr = BigInt(instructions) * BigInt(PRICING.per_million_instructions);
  const instrCost = instr / 1_000_000n + (instr % 1_000_000n === 0n ? 0n : 1n);
  return BigInt(PRICING.base_fee) + instrCost + BigInt(ms) * BigInt(PRICING.per_ms) + BigInt(compileMs) * BigInt(PRICING.per_compile_ms);
}

/** The fee part of the estimate (what the execution can cost at the limits). */
export const ESTIMATE = cost(LIMITS.max_instructions, LIMITS.max_execution_ms, LIMITS.max_compile_ms);
/** Room for the request's storage reserve (record + input + settlement growth) in test deposits. */
export const STORAGE_ALLOWANCE = 10_000n * STORAGE_BYTE_COST;
/** A deposit that covers the fee estimate and the storage of a request with an input below ~8 kB. */
export const DEPOSIT = ESTIMATE + STORAGE_ALLOWANCE;

export interface WorkerKey {
  publicKey: string;
  secretKey: Uint8Array;
  borsh: Uint8Array;
}

export function workerKey(seedByte: number): WorkerKey {
  const kp = nacl.sign.keyPair.fromSeed(new Uint8Array(32).fill(seedByte));
  const borsh = new Uint8Array(33);
  borsh.set(kp.publicKey, 1);
  return { publicKey: `ed25519:${baseEncode(kp.publicKey)}`, secretKey: kp.secretKey, borsh };
}

export const MEASUREMENT = 'ab'.repeat(32);

export function requestArgs(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    source: { kind: 'git', repo: 'https://example.com/app.git', commit: 'a'.repeat(40), target: 'wasm32-wasip1' },
    input: 'hello',
    resource_limits: LIMITS,
    ...overrides,
  };
}

export function okResponse(used: { instructions: number; time_ms: number; compile_time_ms: number }, value = 'out'): Record<string, unknown> {
  return { success: true, output: { format: 'text', value }, resources_used: used };
}

export interface Nep297 {
  standard: string;
  version: string;
  event: string;
  data: Record<string, unknown>[];
}

/** Parses every `EVENT_JSON:` log and checks the NEP-297 envelope; returns the events. */
export function events(logs: string[]): Nep297[] {
  return logs
    .filter((l) => l.startsWith('EVENT_JSON:'))
    .map((l) => {
      const e = JSON.parse(l.slice('EVENT_JSON:'.length)) as Nep297;
      assert.deepEqual(Object.keys(e), ['standard', 'version', 'event', 'data']);
      assert.equal(e.standard, 'errand');
      assert.equal(e.version, '1.0.0');
      assert.match(e.event, /^[a-z_]+$/);
      assert.ok(Array.isArray(e.data) && e.data.length === 1 && typeof e.data[0] === 'object');
      return e;
    });
}

/** The `storage_fee` of the `execution_completed` event among these logs. */
export function completedStorageFee(logs: string[]): bigint {
  const done = events(logs).find((e) => e.event === 'execution_completed');
  assert.ok(done, 'no execution_completed event');
  return BigInt(done.data[0]!.storage_fee as string);
}

export function errorCode(message: string | undefined): string {
  return (message ?? '').split(':')[0] ?? '';
}
