/**
 * The dashboard's reads of the ledger: requests with the type of their running job (one
 * statement), a change stamp for the live views (cheap: two max() over indexed timestamps), and
 * the workers with their jobs in flight and recent results. Values travel as $n parameters.
 */
import type { Queryable } from '../db/Db.ts';
import { WhereClause } from '../db/whereClause.ts';
import { REQUEST_COLUMNS, rowToRequest, type RequestRecord } from '../ledger/RequestRecord.ts';
import type { RequestStatus } from '../api/index.ts';
import { displayStatus, ledgerStatusesOf, type DisplayStatus } from './displayStatus.ts';

export interface DashboardRequest extends RequestRecord {
  display: DisplayStatus;
}

export interface RequestListFilter {
  chain?: string;
  status?: DisplayStatus;
  requester?: string;
  limit: number;
}

function withDisplay(row: Record<string, unknown>): DashboardRequest {
  const r = rowToRequest(row);
  const running = (row.running_job as 'compile' | 'execute' | null) ?? null;
  return { ...r, display: displayStatus(r.status, running, r.response !== null && !r.response.success) };
}

const RUNNING_JOB = `(SELECT type FROM jobs WHERE jobs.request_id = requests.id AND jobs.status = 'running' ORDER BY type LIMIT 1) AS running_job`;

export async function listDashboardRequests(q: Queryable, f: RequestListFilter, signal?: AbortSignal): Promise<DashboardRequest[]> {
  const w = new WhereClause();
  if (f.chain) w.add('chain = $?', f.chain);
  if (f.requester) w.add('sender_id = $?', f.requester);
  if (f.status) w.add('status = ANY($?::text[])', ledgerStatusesOf(f.status) satisfies RequestStatus[]);
  const limit = w.param(f.limit);
  const { rows } = await q.query<Record<string, unknown>>(
    `SELECT ${REQUEST_COLUMNS}, ${RUNNING_JOB} FROM requests ${w.sql()} ORDER BY created_at DESC, id DESC LIMIT ${limit}`,
    w.params,
    { signal },
  );
  const all = rows.map(withDisplay);
  // The SQL pre-filter is by ledger status; the display status splits some of them further.
  return f.status ? all.filter((r) => r.display === f.status) : all;
}

export async function getDashboardRequest(q: Queryable, id: string, signal?: AbortSignal): Promise<DashboardRequest | null> {
  const { rows } = await q.query<Record<string, unknown>>(`SELECT ${REQUEST_COLUMNS}, ${RUNNING_JOB} FROM requests WHERE id = $1::uuid`, [id], { signal });
  return rows[0] ? withDisplay(rows[0]) : null;
}

/** Changes whenever a request or a job changes (or one is added): what the live views watch. */
export async function changeStamp(q: Queryable, requestId: string | null, signal?: AbortSignal): Promise<string> {
  const { rows } = await q.query<{ r: string | null; j: string | null; n: string }>(
    requestId
      ? `SELECT (SELECT updated_at::text FROM requests WHERE id = $1::uuid) AS r,
           (SELECT max(updated_at)::text FROM jobs WHERE request_id = $1::uuid) AS j,
           (SELECT count(*)::text FROM job_logs l JOIN jobs ON jobs.id = l.job_id WHERE jobs.request_id = $1::uuid) AS n`
      : `SELECT (SELECT max(updated_at)::text FROM requests) AS r, (SELECT max(updated_at)::text FROM jobs) AS j,
           (SELECT count(*)::text FROM requests) AS n`,
    requestId ? [requestId] : [],
    { signal },
  );
  const row = rows[0];
  return `${row?.r ?? '-'}|${row?.j ?? '-'}|${row?.n ?? '0'}`;
}

export interface WorkerOverview {
  id: string;
  publicKey: string | null;
  operator: string | null;
  lastHeartbeatAt: string | null;
  capabilities: Record<string, unknown>;
  jobsInFlight: number;
  recent: Array<{ requestId: string; chainRequestId: string; type: string; status: string; at: string }>;
}

export async function listWorkerOverview(q: Queryable, signal?: AbortSignal): Promise<WorkerOverview[]> {
  const { rows } = await q.query<Record<string, unknown>>(
    `SELECT w.id, w.public_key, w.operator, w.last_heartbeat_at, w.capabilities,
       (SELECT count(*)::int FROM jobs WHERE jobs.locked_by = w.id AND jobs.status = 'running') AS in_flight,
       (SELECT coalesce(jsonb_agg(x ORDER BY x.at DESC), '[]'::jsonb) FROM (
          SELECT jobs.request_id::text AS "requestId", requests.request_id AS "chainRequestId", jobs.type, jobs.status, jobs.updated_at AS at
          FROM jobs JOIN requests ON requests.id = jobs.request_id
          WHERE jobs.locked_by = w.id AND jobs.status IN ('done', 'failed')
          ORDER BY jobs.updated_at DESC LIMIT 5) x) AS recent
     FROM workers w ORDER BY w.id LIMIT 500`,
    [],
    { signal },
  );
  return rows.map((r) => ({
    id: r.id as string,
    publicKey: (r.public_key as string | null) ?? null,
    operator: (r.operator as string | null) ?? null,
    lastHeartbeatAt: r.last_heartbeat_at ? new Date(r.last_heartbeat_at as string).toISOString() : null,
    capabilities: (r.capabilities as Record<string, unknown>) ?? {},
    jobsInFlight: Number(r.in_flight),
    recent: r.recent as WorkerOverview['recent'],
  }));
}
