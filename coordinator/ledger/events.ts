/** The append-only event log: what happened to which request or job, for audit and debugging. */
import type { Queryable } from '../db/Db.ts';

export type LedgerEventKind =
  | 'recorded'
  | 'claimed'
  | 'job_completed'
  | 'job_failed'
  | 'lease_expired'
  | 'request_failed'
  | 'chain_completed'
  | 'failure_resolved'
  | 'invalid_chain_event'
  | 'rejected'
  | 'build_disagreement';

export async function appendEvent(
  q: Queryable,
  kind: LedgerEventKind,
  ids: { requestId?: string | null; jobId?: string | null },
  data: Record<string, unknown> = {},
): Promise<void> {
  await q.query(`INSERT INTO events (request_id, job_id, kind, data) VALUES ($1::uuid, $2::uuid, $3, $4::jsonb)`, [
    ids.requestId ?? null,
    ids.jobId ?? null,
    kind,
    JSON.stringify(data),
  ]);
}

export interface LedgerEvent {
  id: number;
  kind: string;
  jobId: string | null;
  data: Record<string, unknown>;
  at: string;
}

export async function listEvents(q: Queryable, requestId: string, signal?: AbortSignal): Promise<LedgerEvent[]> {
  const { rows } = await q.query<Record<string, unknown>>(
    `SELECT id::float8 AS id, kind, job_id::text AS job_id, data, at FROM events WHERE request_id = $1::uuid ORDER BY id`,
    [requestId],
    { signal },
  );
  return rows.map((r) => ({
    id: Number(r.id),
    kind: r.kind as string,
    jobId: (r.job_id as string | null) ?? null,
    data: r.data as Record<string, unknown>,
    at: new Date(r.at as string).toISOString(),
  }));
}
