/**
 * The executor options a request's run takes from the request alone (input, limits, seed, name):
 * the same for every worker and for `errand verify`, so they all compute the same answer.
 */
import { hash } from 'node:crypto';
import { requestInputBytes, type ExecutionRequest } from '../../common/types/index.ts';

/** Randomness and clocks derive from the request. */
export function seedFor(request: Pick<ExecutionRequest, 'chain' | 'contractId' | 'requestId'>): bigint {
  return hash('sha256', `${request.chain}:${request.contractId}:${request.requestId}`, 'buffer').readBigUInt64BE(0);
}

export function requestRunOptions(request: ExecutionRequest): {
  input: Uint8Array;
  fuel: number;
  memoryMb: number;
  timeoutMs: number;
  scratchMb?: number;
  seed: bigint;
  name: string;
} {
  return {
    input: requestInputBytes(request),
    fuel: request.limits.maxInstructions,
    memoryMb: request.limits.maxMemoryMb,
    timeoutMs: request.limits.maxExecutionMs,
    // Opt-in in-memory /tmp; 0 or absent means no filesystem at all.
    ...(request.limits.maxScratchMb ? { scratchMb: request.limits.maxScratchMb } : {}),
    seed: seedFor(request),
    name: 'program.wasm',
  };
}
