/** estimate_cost and the settlement charge, computed exactly as the program does (bigint;
 * program/pricing.h). Every price, the HTTP ones included, comes from a Pricing read from the
 * Config (for an estimate) or from the request account's copy of it (for a settlement). */
import type { HttpCapability, HttpUsed, Limits, Pricing, ResourcesUsed } from './types.ts';

const min = (a: bigint, b: bigint) => (a < b ? a : b);

export function cost(p: Pricing, instructions: bigint, ms: bigint, compileMs: bigint): bigint {
  const x = instructions * p.perMillionInstructions;
  return p.baseFee + (x + 999_999n) / 1_000_000n + ms * p.perMs + compileMs * p.perCompileMs;
}

export function httpCost(p: Pricing, requests: bigint, responseBytes: bigint): bigint {
  return requests * p.perHttpRequest + ((responseBytes + 1023n) / 1024n) * p.perHttpKib;
}

/** The most a request can cost: everything at its limits, HTTP at its capability's maxima. */
export function estimateCost(p: Pricing, l: Limits, http?: HttpCapability | null): bigint {
  const base = cost(p, l.maxInstructions, l.maxExecutionMs, l.maxCompileMs);
  return http ? base + httpCost(p, BigInt(http.maxRequests), BigInt(http.maxResponseBytes)) : base;
}

export interface Settlement {
  charged: bigint;
  workerPayment: bigint;
  protocolFee: bigint;
  refund: bigint;
}

/** What resolve_execution pays: usage capped at the limits paid for (HTTP at the capability's
 * maxima, none without one), charge capped at the deposit. */
export function settle(
  p: Pricing,
  l: Limits,
  deposit: bigint,
  feeBps: number,
  success: boolean,
  used: ResourcesUsed,
  http?: { capability: { maxRequests: bigint; maxResponseBytes: bigint } | null; used: HttpUsed | null },
): Settlement {
  const cap = http?.capability;
  const httpPart = cap && http.used ? httpCost(p, min(http.used.requests, cap.maxRequests), min(http.used.responseBytes, cap.maxResponseBytes)) : 0n;
  const raw = success
    ? cost(p, min(used.instructions, l.maxInstructions), min(used.timeMs, l.maxExecutionMs), min(used.compileTimeMs, l.maxCompileMs)) + httpPart
    : p.baseFee;
  const charged = min(raw, deposit);
  const protocolFee = (charged * BigInt(feeBps)) / 10_000n;
  return { charged, workerPayment: charged - protocolFee, protocolFee, refund: deposit - charged };
}
