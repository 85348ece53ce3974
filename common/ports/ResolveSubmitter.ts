/**
 * Submits `resolve_execution` for a request, signed by the worker's registered key. Implementations
 * retry transient failures, handle nonces, store large outputs before resolving, and are idempotent:
 * a request that is already resolved answers `alreadyResolved: true` instead of failing.
 */
import type { ExecutionResponse } from '../types/execution.ts';
import type { ChainId, RequestRef } from '../types/request.ts';

export interface ResolveOutcome {
  txHash: string;
  alreadyResolved: boolean;
}

export interface ResolveSubmitter {
  /** Whether it resolves requests of this chain (unset: it resolves whatever it is given). A worker
   * asks before it builds anything, so a request of a chain it does not serve is handed back. */
  serves?(chain: ChainId): boolean;
  resolve(ref: RequestRef, response: ExecutionResponse, signal?: AbortSignal): Promise<ResolveOutcome>;
}
