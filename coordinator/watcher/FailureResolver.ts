/**
 * Resolves failed requests on-chain with their error, so no request is left hanging. The chosen
 * design: the coordinator takes an injected ResolveSubmitter (common/ports) and submits
 * `success: false` itself. Rows are leased (failure_resolve_lease) with SKIP LOCKED so several
 * coordinators never submit the same one at once; the submitter is idempotent anyway
 * (alreadyResolved). Without a submitter the failed requests stay listed under
 * GET /v1/requests?unresolvedFailures=true and the contract's deadline refund is the backstop.
 */
import type { Logger } from '../../common/logger.ts';
import { chainMessage } from '../../common/text/chainMessage.ts';
import type { ResolveSubmitter } from '../../common/ports/index.ts';
import type { ExecutionResponse } from '../../common/types/index.ts';
import type { Db } from '../db/Db.ts';
import { appendEvent } from '../ledger/events.ts';
import { REQUEST_COLUMNS, rowToRequest, type RequestRecord } from '../ledger/RequestRecord.ts';

const LEASE_MS = 60_000;

export function failureResponse(r: RequestRecord): ExecutionResponse {
  // A rejected request never ran: its own code and reason, not an attempt count.
  // Fitted to what the contract accepts (512 bytes, no control characters): a refused message would
  // fail the resolution on every tick.
  const error = r.rejectCode
    ? { code: r.rejectCode, message: chainMessage(`rejected: ${r.lastError ?? 'no reason recorded'}`) }
    : { code: 'COORDINATOR__REQUEST_FAILED', message: chainMessage(`failed after ${r.attempts} attempt(s): ${r.lastError ?? 'unknown error'}`) };
  return {
    success: false,
    error,
    resourcesUsed: { instructions: 0, timeMs: 0, compileTimeMs: 0 },
  };
}

export class FailureResolver {
  constructor(
    private readonly db: Db,
    private readonly submitter: ResolveSubmitter,
    private readonly log: Logger,
    private readonly onResolved?: () => void,
  ) {}

  /** Resolves one batch; true when the batch was full (more may be waiting). */
  async tick(signal?: AbortSignal, batch = 20): Promise<boolean> {
    const { rows } = await this.db.query<Record<string, unknown>>(
      `UPDATE requests SET failure_resolve_lease = now() + $2::int * interval '1 millisecond'
       WHERE id IN (
         SELECT id FROM requests
         WHERE status = 'failed' AND failure_resolved_at IS NULL AND chain_resolved_at IS NULL
           AND (failure_resolve_lease IS NULL OR failure_resolve_lease < now())
         ORDER BY updated_at LIMIT $1 FOR UPDATE SKIP LOCKED)
       RETURNING ${REQUEST_COLUMNS}`,
      [batch, LEASE_MS],
      { signal },
    );
    for (const row of rows) {
      if (signal?.aborted) break;
      const r = rowToRequest(row);
      try {
        const outcome = await this.submitter.resolve({ chain: r.chain, contractId: r.contractId, requestId: r.requestId }, failureResponse(r), signal);
        await this.db.query(
          `UPDATE requests SET failure_resolved_at = now(), resolve_tx = $2, updated_at = now() WHERE id = $1::uuid`,
          [r.id, outcome.txHash],
          { signal },
        );
        await appendEvent(this.db, 'failure_resolved', { requestId: r.id }, { txHash: outcome.txHash, alreadyResolved: outcome.alreadyResolved });
        this.onResolved?.();
      } catch (err) {
        // The lease runs out and a later tick retries.
        this.log.warn({ err, requestId: r.id }, 'could not resolve failed request on-chain');
      }
    }
    return rows.length === batch;
  }
}
