/**
 * Extends the lease of every job the worker holds for the heartbeated job's request (a claim leases
 * compile and execute together, so the execute lease must not run out while compiling). Fenced:
 * a worker whose lease expired or was taken over gets 409 and nothing changes. Time is the injected
 * clock's, as for the claim.
 */
import type { Clock } from '../../common/clock/index.ts';
import type { Db } from '../db/Db.ts';
import { fence, leaseLostError } from './jobState.ts';

export async function heartbeatJob(
  db: Db,
  clock: Clock,
  jobId: string,
  workerId: string,
  leaseMs: number,
  signal?: AbortSignal,
): Promise<{ leaseUntil: string }> {
  const { rows } = await db.query<{ id: string; lease_until: string }>(
    `UPDATE jobs SET lease_until = $4::timestamptz + $3::int * interval '1 millisecond', updated_at = now()
     WHERE request_id = (SELECT request_id FROM jobs WHERE id = $1::uuid AND ${fence('$2', '$4')})
       AND status = 'running' AND locked_by = $2
     RETURNING id::text AS id, lease_until`,
    [jobId, workerId, leaseMs, clock.now()],
    { prepareAs: 'errand_heartbeat_v2', signal },
  );
  const mine = rows.find((r) => r.id === jobId);
  if (!mine) throw await leaseLostError(db, jobId, workerId, signal);
  return { leaseUntil: new Date(mine.lease_until).toISOString() };
}
