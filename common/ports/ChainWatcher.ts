/**
 * Follows a chain and yields the contract's events from final blocks only, in order. Delivery is
 * at-least-once: the consumer (the coordinator) records requests idempotently and stores the cursor
 * after it has recorded the events before it.
 */
import type { ExecutionRequest, RequestRef } from '../types/request.ts';

export type ChainEvent =
  | { kind: 'execution_requested'; request: ExecutionRequest; blockHeight: number }
  | {
      kind: 'execution_completed';
      ref: RequestRef;
      success: boolean;
      blockHeight: number;
      /** The event's data as the chain logged it (output, resources_used, transcript_sha256...):
       * what `errand verify` compares a re-execution with. Unchecked chain data. */
      data?: Record<string, unknown>;
    }
  /** A request event the watcher could not turn into a request (a malformed field, a stored input
   * that is missing): delivered, never thrown, so one event cannot stall the chain. `ref` is null
   * when not even the request id could be read (then nothing can be resolved on-chain for it). */
  | { kind: 'execution_rejected'; ref: RequestRef | null; reason: string; blockHeight: number };

export interface WatchBatch {
  events: ChainEvent[];
  /** Opaque resume point: pass it back to get the events after this batch. */
  cursor: string;
}

export interface ChainWatcher {
  /** Events after `cursor` (null: from the contract's start or the watcher's configured height). */
  poll(cursor: string | null, signal?: AbortSignal): Promise<WatchBatch>;
  /** Optional: calls `listener` when the chain says something new may be there (a subscription's
   * notification), so the caller polls now instead of at its next interval. A hint only: the
   * caller keeps polling on its interval too. */
  onWake?(listener: () => void): void;
}
