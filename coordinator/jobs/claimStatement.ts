/**
 * The single claim statement. One SQL statement picks the oldest queued requests (FOR UPDATE SKIP
 * LOCKED, so concurrent statements never see the same row), hands each to one claimer slot, looks
 * its module up in the cache index (by source key, trusted builds only — cache/moduleTrust.ts; a
 * wasm_url source also by its declared sha256),
 * and inserts or re-leases its jobs: `[execute]` on a cache hit, else `[compile, execute]`. There
 * is no read-then-write window: a second claimer of the same request finds it locked or no longer
 * queued.
 *
 * One statement serves several claimer slots at once (an array of worker ids, one request per
 * slot; a worker asking for n requests fills n slots): the per-statement costs (round trip, plan,
 * commit) are then paid once for the batch. Slots with no queued request left get nothing.
 *
 * Routing by build target: the slots of one statement share one list of targets they can compile
 * for (ClaimBatcher groups them so); a request that needs a build for another target is skipped,
 * left queued for a worker that can build it. A request that needs no build (its module is in the
 * cache index, or its source is a module URL, fetched rather than built) goes to anyone.
 *
 * The lease starts at the injected clock's `now` ($3), not at SQL `now()`, so tests move time
 * instead of sleeping (common/clock).
 */
import { ErrandError } from '../../common/errors/index.ts';
import type { Clock } from '../../common/clock/index.ts';
import type { Db } from '../db/Db.ts';
import type { BuildTargetFilter } from './ClaimBatcher.ts';
import { REQUEST_COLUMNS, rowToRequest } from '../ledger/RequestRecord.ts';
import { getRequest } from '../ledger/requestsRepo.ts';
import type { Claim, ClaimedJob } from './Claim.ts';

/*
 * Asynchronous commit for this statement's own implicit transaction only: `set_config(..., true)`
 * is transaction-local, and the commit reads the setting, so the claim does not wait for its WAL
 * flush while every other statement on the connection (recording requests, completions, failures)
 * stays synchronous. Why losing a claim is acceptable: only a Postgres crash within a few hundred
 * milliseconds of the claim can lose it, and the request then reads 'queued' again with no jobs,
 * exactly as after an expired lease — the worker that held it is fenced (its job ids no longer
 * exist or belong to the next claimer), so its late completion changes nothing. A synchronous
 * commit later on the same server (a completion) flushes the WAL up to and including every earlier
 * claim, so no completion can be durable while the claim it depends on is lost.
 */
/*
 * `OFFSET 0` in the wasm_sources EXISTS keeps it a per-row index lookup: without it Postgres turns
 * the EXISTS into a hashed subplan, reading every row of wasm_sources once per statement whenever a
 * queued request needs a target the claimer does not build (3.6 ms per statement at 20,000 cached
 * sources, 1.1 ms with the lookup; measured on a quiet machine).
 */
const claimSql = (specific: boolean, targets = specific ? '$5::text[]' : '$4::text[]'): string => `
WITH async_commit AS MATERIALIZED (
  SELECT set_config('synchronous_commit', 'off', true)
), slots AS (
  SELECT worker_id, slot FROM unnest($1::text[]) WITH ORDINALITY AS s (worker_id, slot)
), picked AS (
  SELECT id, row_number() OVER (ORDER BY created_at, id) AS slot FROM (
    SELECT id, created_at FROM requests
    WHERE status = 'queued' ${specific ? 'AND id = $4::uuid' : ''} AND EXISTS (SELECT FROM async_commit)
      AND (${targets} IS NULL OR source->>'kind' = 'wasm_url' OR source->>'target' = ANY(${targets})
           OR EXISTS (SELECT FROM wasm_sources s WHERE s.source_key = requests.source_key OFFSET 0))
    ORDER BY created_at, id
    LIMIT cardinality($1::text[])
    FOR UPDATE SKIP LOCKED
  ) locked
), req AS (
  UPDATE requests r SET status = 'claimed', claimed_by = slots.worker_id, updated_at = now()
  FROM picked JOIN slots ON slots.slot = picked.slot
  WHERE r.id = picked.id
  RETURNING r.*
), hit AS (
  SELECT req.id AS hit_request_id, req.claimed_by AS hit_worker_id, COALESCE(s.sha256, m.sha256) AS wasm_sha256
  FROM req
  LEFT JOIN wasm_sources s ON s.source_key = req.source_key
  LEFT JOIN wasm_modules m ON req.source->>'kind' = 'wasm_url' AND m.sha256 = req.source->>'sha256'
), wanted AS (
  SELECT hit.hit_request_id AS request_id, hit.hit_worker_id AS worker_id, t.type
  FROM hit CROSS JOIN (VALUES ('compile'), ('execute')) AS t (type)
  WHERE t.type = 'execute' OR hit.wasm_sha256 IS NULL
), leased AS (
  INSERT INTO jobs (request_id, type, status, locked_by, locked_at, lease_until)
  SELECT request_id, type, 'running', worker_id, $3::timestamptz, $3::timestamptz + $2::int * interval '1 millisecond' FROM wanted
  ON CONFLICT (request_id, type) DO UPDATE
    SET status = 'running', locked_by = EXCLUDED.locked_by, locked_at = EXCLUDED.locked_at,
        lease_until = EXCLUDED.lease_until, updated_at = now()
  RETURNING request_id, id::text AS id, type, attempts, lease_until
)
SELECT ${REQUEST_COLUMNS}, hit.wasm_sha256,
  (SELECT json_agg(json_build_object('id', l.id, 'type', l.type, 'attempts', l.attempts, 'leaseUntil', l.lease_until)
     ORDER BY l.type) FROM leased l WHERE l.request_id = req.id) AS jobs
FROM req JOIN hit ON hit.hit_request_id = req.id
ORDER BY req.created_at, req.id`;
/** Exported for the plan-shape test (tests/coordinator/claimPlan.test.ts). */
export const CLAIM_NEXT_SQL = claimSql(false);
const CLAIM_ONE_SQL = claimSql(true);

function rowToClaim(row: Record<string, unknown>): Claim {
  const jobs = (row.jobs as Array<ClaimedJob & { leaseUntil: string }>).map((j) => ({
    id: j.id,
    type: j.type,
    attempts: Number(j.attempts),
    leaseUntil: new Date(j.leaseUntil).toISOString(),
  }));
  const hasCompile = jobs.some((j) => j.type === 'compile');
  return { request: rowToRequest(row), jobs, wasmSha256: hasCompile ? null : ((row.wasm_sha256 as string | null) ?? null) };
}

/**
 * One statement claiming a queued request for each slot of `workerIds` (a worker id may repeat).
 * Returns the claims grouped by worker id, oldest request first; slots left without work simply
 * have no claim.
 */
export async function claimForSlots(
  db: Db,
  clock: Clock,
  workerIds: readonly string[],
  leaseMs: number,
  buildTargets: BuildTargetFilter = null,
): Promise<Map<string, Claim[]>> {
  const byWorker = new Map<string, Claim[]>();
  if (workerIds.length === 0) return byWorker;
  const { rows } = await db.query<Record<string, unknown>>(CLAIM_NEXT_SQL, [workerIds, leaseMs, clock.now(), buildTargets], {
    prepareAs: 'errand_claim_slots_v6',
    // Its plan is the same for every batch size and target list (index order, LIMIT, key lookups).
    genericPlan: true,
  });
  for (const row of rows) {
    const claim = rowToClaim(row);
    const worker = claim.request.claimedBy ?? '';
    const list = byWorker.get(worker);
    if (list) list.push(claim);
    else byWorker.set(worker, [claim]);
  }
  return byWorker;
}

/** Claims the oldest queued request for `workerId`, or returns null when the queue is empty. */
export async function claimNext(db: Db, clock: Clock, workerId: string, leaseMs: number, buildTargets: BuildTargetFilter = null): Promise<Claim | null> {
  return (await claimForSlots(db, clock, [workerId], leaseMs, buildTargets)).get(workerId)?.[0] ?? null;
}

/** Claims one specific request; 409 (COORDINATOR__REQUEST_NOT_CLAIMABLE) when it is not queued. */
export async function claimRequest(
  db: Db,
  clock: Clock,
  workerId: string,
  leaseMs: number,
  requestId: string,
  o: { signal?: AbortSignal; buildTargets?: BuildTargetFilter } = {},
): Promise<Claim> {
  const { signal, buildTargets = null } = o;
  const existing = await getRequest(db, requestId, signal); // 404 for unknown ids, before the claim
  // Cancelled before its commit, the claim rolls back; committed after the caller left, the lease
  // runs out and the sweeper requeues it: either way the request is not lost.
  const { rows } = await db.query<Record<string, unknown>>(CLAIM_ONE_SQL, [[workerId], leaseMs, clock.now(), existing.id, buildTargets], {
    prepareAs: 'errand_claim_one_v6',
    signal,
  });
  if (rows[0]) return rowToClaim(rows[0]);
  const now = await getRequest(db, requestId, signal);
  const target = now.source.kind === 'git' ? now.source.target : null;
  if (now.status === 'queued' && buildTargets && target && !buildTargets.includes(target)) {
    throw new ErrandError('COORDINATOR__REQUEST_NOT_CLAIMABLE', `request ${requestId} needs a build for ${target}, which this worker does not advertise`, {
      id: requestId,
      status: `needs a ${target} build`,
    });
  }
  throw new ErrandError('COORDINATOR__REQUEST_NOT_CLAIMABLE', `request ${requestId} is ${now.status}, not queued`, {
    id: requestId,
    status: now.status === 'queued' ? 'being claimed' : now.status,
  });
}
