/**
 * Submits `resolve_execution` for a request, signed by the worker's registered key. Implementations
 * retry transient failures, handle nonces, store large outputs before resolving, and are idempotent:
 * a request that is already resolved answers `alreadyResolved: true` instead of failing.
 */
import type { ExecutionResponse } from '../types/execution.ts';
import type { RequestRef } from '../types/request.ts';

export interface ResolveOutcome {
  txHash: string;
  alreadyResolved: boolean;
}

export interface ResolveSubmitter {
  resolve(ref: RequestRef, response: ExecutionResponse, signal?: AbortSignal): Promise<ResolveOutcome>;
}
