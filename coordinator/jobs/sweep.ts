/**
 * The sweeper: returns jobs whose lease ran out. Each affected request goes back to the queue with
 * its expired jobs' attempts+1, or is failed with the last error once a job reached maxAttempts.
 * Requests are locked with SKIP LOCKED so several coordinators can sweep at once; a claim or a
 * fenced completion racing with the sweep serialises on the same rows. "Expired" is measured
 * against the injected clock (common/clock), so tests need not sleep past a lease.
 */
import type { Clock } from '../../common/clock/index.ts';
import type { Db } from '../db/Db.ts';
import { appendEvent } from '../ledger/events.ts';

export interface SweepOutcome {
  requeued: string[];
  failed: string[];
}

export async function sweepExpiredLeases(db: Db, clock: Clock, maxAttempts: number, batch = 100, signal?: AbortSignal): Promise<SweepOutcome> {
  const now = clock.now();
  return db.transaction(
    async (tx) => {
      const picked = await tx.query<{ id: string }>(
        `SELECT r.id::text AS id FROM requests r
       WHERE r.status = 'claimed'
         AND EXISTS (SELECT 1 FROM jobs j WHERE j.request_id = r.id AND j.status = 'running' AND j.lease_until < $2::timestamptz)
       LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [batch, now],
      );
      const ids = picked.rows.map((r) => r.id);
      const out: SweepOutcome = { requeued: [], failed: [] };
      if (ids.length === 0) return out;
      const expired = await tx.query<{ request_id: string; attempts: number; last_error: string | null }>(
        `UPDATE jobs SET
         attempts = attempts + CASE WHEN lease_until < $2::timestamptz THEN 1 ELSE 0 END,
         last_error = CASE WHEN lease_until < $2::timestamptz THEN 'COORDINATOR__LEASE_EXPIRED: lease of ' || COALESCE(locked_by, '?') || ' expired' ELSE last_error END,
         status = 'queued', locked_by = NULL, lease_until = NULL, updated_at = now()
       WHERE request_id = ANY($1::uuid[]) AND status = 'running'
       RETURNING request_id::text AS request_id, attempts, last_error`,
        [ids, now],
      );
      const worst = new Map<string, { attempts: number; lastError: string | null }>();
      for (const r of expired.rows) {
        const prev = worst.get(r.request_id);
        if (!prev || r.attempts > prev.attempts) worst.set(r.request_id, { attempts: r.attempts, lastError: r.last_error });
      }
      for (const [requestId, w] of worst) {
        const fail = w.attempts >= maxAttempts;
        await tx.query(
          `UPDATE requests SET status = $2, claimed_by = NULL, attempts = GREATEST(attempts, $3::int), last_error = $4, updated_at = now()
         WHERE id = $1::uuid`,
          [requestId, fail ? 'failed' : 'queued', w.attempts, w.lastError],
        );
        if (fail) {
          await tx.query(`UPDATE jobs SET status = 'failed' WHERE request_id = $1::uuid AND status = 'queued'`, [requestId]);
        }
        await appendEvent(tx, fail ? 'request_failed' : 'lease_expired', { requestId }, { attempts: w.attempts });
        (fail ? out.failed : out.requeued).push(requestId);
      }
      return out;
    },
    { signal },
  );
}
