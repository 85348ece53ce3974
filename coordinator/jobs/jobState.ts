/** Reading one job, and turning a fenced update that matched nothing into the right coded error. */
import { ErrandError } from '../../common/errors/index.ts';
import type { Queryable } from '../db/Db.ts';
import type { JobType } from '../api/index.ts';

export interface JobRecord {
  id: string;
  requestId: string;
  type: JobType;
  status: 'queued' | 'running' | 'done' | 'failed';
  lockedBy: string | null;
  leaseUntil: string | null;
  attempts: number;
  lastError: string | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const JOB_COLUMNS = `id::text AS id, request_id::text AS request_id, type, status, locked_by, lease_until, attempts, last_error`;

export async function readJob(q: Queryable, jobId: string, signal?: AbortSignal): Promise<JobRecord | null> {
  if (!UUID.test(jobId)) return null;
  const { rows } = await q.query<Record<string, unknown>>(`SELECT ${JOB_COLUMNS} FROM jobs WHERE id = $1::uuid`, [jobId], { signal });
  const r = rows[0];
  return r ? rowToJob(r) : null;
}

/** The jobs of one request, compile before execute (what `errand logs` and `status` show). */
export async function listJobs(q: Queryable, requestId: string, signal?: AbortSignal): Promise<JobRecord[]> {
  if (!UUID.test(requestId)) return [];
  const { rows } = await q.query<Record<string, unknown>>(`SELECT ${JOB_COLUMNS} FROM jobs WHERE request_id = $1::uuid ORDER BY type`, [requestId], { signal });
  return rows.map(rowToJob);
}

function rowToJob(r: Record<string, unknown>): JobRecord {
  return {
    id: r.id as string,
    requestId: r.request_id as string,
    type: r.type as JobType,
    status: r.status as JobRecord['status'],
    lockedBy: (r.locked_by as string | null) ?? null,
    leaseUntil: r.lease_until ? new Date(r.lease_until as string).toISOString() : null,
    attempts: Number(r.attempts),
    lastError: (r.last_error as string | null) ?? null,
  };
}

export async function requireJob(q: Queryable, jobId: string, signal?: AbortSignal): Promise<JobRecord> {
  const job = await readJob(q, jobId, signal);
  if (!job) throw new ErrandError('COORDINATOR__JOB_NOT_FOUND', `no job ${jobId}`, { jobId });
  return job;
}

/** Called when a fenced update matched no row: says why, as a coded error. */
export async function leaseLostError(q: Queryable, jobId: string, workerId: string, signal?: AbortSignal): Promise<ErrandError> {
  const job = await readJob(q, jobId, signal);
  if (!job) return new ErrandError('COORDINATOR__JOB_NOT_FOUND', `no job ${jobId}`, { jobId });
  return new ErrandError('COORDINATOR__LEASE_LOST', `worker ${workerId} does not hold a valid lease on job ${jobId} (status ${job.status})`, {
    jobId,
    workerId,
  });
}

/**
 * The fencing predicate: the worker (parameter `worker`) holds the job and its lease has not run out
 * at `now` (a parameter from the injected clock, never SQL `now()`: see common/clock).
 */
export const fence = (worker: string, now: string): string => `status = 'running' AND locked_by = ${worker} AND lease_until >= ${now}::timestamptz`;
