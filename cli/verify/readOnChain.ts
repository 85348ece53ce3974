/**
 * What the chain says about one request, and nothing from the coordinator: the request as
 * `execution_requested` logged it (source, input, limits, http) and the settlement as
 * `execution_completed` logged it (output, resources_used, transcript_sha256, worker). Both are
 * found by scanning the final blocks from the request's block height with the same reader the
 * coordinator's watcher uses, so `errand verify` checks the worker against the chain, not against
 * what the worker told the coordinator.
 */
import { ErrandError } from '../../common/errors/index.ts';
import type { ExecutionRequest } from '../../common/types/index.ts';
import { NearChainWatcher } from '../../contracts/near/client/index.ts';
import type { Target } from '../endpoint/resolveTarget.ts';
import { notVerifiable } from './notVerifiable.ts';

export interface OnChain {
  request: ExecutionRequest;
  /** The `execution_completed` event's data (unchecked chain data: read with care). */
  completed: Record<string, unknown>;
}

/** Scans at most this many blocks past the request (a request settles before its deadline). */
const MAX_SCAN_BLOCKS = 200_000;

export async function readOnChain(target: Target, requestId: string, signal?: AbortSignal): Promise<OnChain> {
  const view = await target.near.getRequestRaw(requestId, signal);
  if (!view) throw new ErrandError('CLI__REQUEST_NOT_FOUND', `request ${requestId} is not on ${target.contractId}`, { requestId });
  if (view['status'] !== 'resolved' || typeof view['resolved_by'] !== 'string') {
    throw notVerifiable(requestId, `it was not resolved by a worker (status ${String(view['status'])})`);
  }
  const from = Number(view['block_height']);
  if (!Number.isSafeInteger(from) || from < 0) throw notVerifiable(requestId, 'the chain gives no block height for it');
  const watcher = new NearChainWatcher({ contractId: target.contractId, provider: target.provider, startHeight: from });
  let request: ExecutionRequest | undefined;
  let completed: Record<string, unknown> | undefined;
  let cursor: string | null = null;
  for (;;) {
    const batch = await watcher.poll(cursor, signal);
    for (const ev of batch.events) {
      if (ev.kind === 'execution_requested' && ev.request.requestId === requestId) request = ev.request;
      if (ev.kind === 'execution_completed' && ev.ref.requestId === requestId) completed = ev.data;
    }
    if (request && completed) return { request, completed };
    // No progress: the scan reached the final head.
    if (batch.cursor === cursor || Number(batch.cursor) - from > MAX_SCAN_BLOCKS) break;
    cursor = batch.cursor;
  }
  throw notVerifiable(
    requestId,
    request
      ? "its execution_completed event was not found in the chain's blocks"
      : "its execution_requested event was not found in the chain's blocks (pruned by the node?)",
  );
}
