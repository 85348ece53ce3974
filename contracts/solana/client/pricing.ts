/** estimate_cost and the settlement charge, computed exactly as the program does (bigint). */
import type { Limits, Pricing, ResourcesUsed } from './types.ts';

const min = (a: bigint, b: bigint) => (a < b ? a : b);

export function cost(p: Pricing, instructions: bigint, ms: bigint, compileMs: bigint): bigint {
  const x = instructions * p.perMillionInstructions;
  return p.baseFee + (x + 999_999n) / 1_000_000n + ms * p.perMs + compileMs * p.perCompileMs;
}

export function estimateCost(p: Pricing, l: Limits): bigint {
  return cost(p, l.maxInstructions, l.maxExecutionMs, l.maxCompileMs);
}

export interface Settlement {
  charged: bigint;
  workerPayment: bigint;
  protocolFee: bigint;
  refund: bigint;
}

/** What resolve_execution pays: usage capped at the limits paid for, charge capped at the deposit. */
export function settle(p: Pricing, l: Limits, deposit: bigint, feeBps: number, success: boolean, used: ResourcesUsed): Settlement {
  const raw = success
    ? cost(p, min(used.instructions, l.maxInstructions), min(used.timeMs, l.maxExecutionMs), min(used.compileTimeMs, l.maxCompileMs))
    : p.baseFee;
  const charged = min(raw, deposit);
  const protocolFee = (charged * BigInt(feeBps)) / 10_000n;
  return { charged, workerPayment: charged - protocolFee, protocolFee, refund: deposit - charged };
}
