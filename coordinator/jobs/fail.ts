/**
 * A worker reports that a job failed (infrastructure or build failure; a program that traps is a
 * completed execute with success=false, not a failure). Fenced on the owner. The request goes back
 * to the queue with attempts+1, or is failed when the error is permanent or attempts are exhausted;
 * a failed request is then resolved on-chain with its error by the failure resolver.
 */
import type { Clock } from '../../common/clock/index.ts';
import type { Db } from '../db/Db.ts';
import { appendEvent } from '../ledger/events.ts';
import { fence, leaseLostError } from './jobState.ts';

export interface JobFailure {
  error: { code: string; message: string };
  /** false: retrying cannot help (e.g. the source does not build). Default true. */
  retryable?: boolean;
}

export interface FailOutcome {
  requestId: string;
  requestStatus: 'queued' | 'failed';
  attempts: number;
}

export async function failJob(
  db: Db,
  clock: Clock,
  jobId: string,
  workerId: string,
  f: JobFailure,
  maxAttempts: number,
  signal?: AbortSignal,
): Promise<FailOutcome> {
  const now = clock.now();
  return db.transaction(
    async (tx) => {
      const lastError = `${f.error.code}: ${f.error.message}`.slice(0, 4000);
      const { rows } = await tx.query<{ request_id: string; attempts: number }>(
        `UPDATE jobs SET attempts = attempts + 1, last_error = $3, locked_by = NULL, lease_until = NULL, updated_at = now(),
         status = CASE WHEN $4::boolean AND attempts + 1 < $5::int THEN 'queued' ELSE 'failed' END
       WHERE id = $1::uuid AND ${fence('$2', '$6')}
       RETURNING request_id::text AS request_id, attempts`,
        [jobId, workerId, lastError, f.retryable !== false, maxAttempts, now],
      );
      if (!rows[0]) throw await leaseLostError(tx, jobId, workerId);
      const { request_id: requestId, attempts } = rows[0];
      const permanent = f.retryable === false || attempts >= maxAttempts;
      // The worker's other leased jobs of this request go back with it.
      await tx.query(
        `UPDATE jobs SET status = 'queued', locked_by = NULL, lease_until = NULL, updated_at = now()
       WHERE request_id = $1::uuid AND status = 'running' AND locked_by = $2`,
        [requestId, workerId],
      );
      const requestStatus = permanent ? 'failed' : 'queued';
      await tx.query(
        `UPDATE requests SET status = $2, claimed_by = NULL, attempts = GREATEST(attempts, $3::int), last_error = $4, updated_at = now()
       WHERE id = $1::uuid`,
        [requestId, requestStatus, attempts, lastError],
      );
      await appendEvent(tx, permanent ? 'request_failed' : 'job_failed', { requestId, jobId }, { error: f.error, attempts });
      return { requestId, requestStatus, attempts };
    },
    { signal },
  );
}
