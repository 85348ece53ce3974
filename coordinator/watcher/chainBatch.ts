/**
 * What one watcher poll found, written in ONE statement: the new requests (each with its `recorded`
 * event; redelivered ones are skipped), the chain completions (each with its `chain_completed`
 * event) and the new cursor, all committed together or not at all. A busy chain delivers several
 * events per poll; this costs one round trip and one commit per poll instead of one per event plus
 * one for the cursor.
 *
 * The statement's parts all see the database as it was before it: a completion of a request
 * recorded by this same batch would miss its row, so such completions (a request resolved within
 * one poll) go in a second run of the statement, which then carries the cursor.
 *
 * With several coordinators, the statement carries the writer's watcher lease (a fence): when
 * another coordinator has taken the lease over, nothing is written and COORDINATOR__WATCHER_LEASE_LOST
 * is thrown. Recording is idempotent anyway; the fence is what keeps a deposed leader from moving
 * the cursor back or forth under the new one.
 */
import { ErrandError } from '../../common/errors/index.ts';
import type { ExecutionRequest, RequestRef } from '../../common/types/index.ts';
import type { Db } from '../db/Db.ts';
import { inputBase64 } from '../ledger/inputBytes.ts';
import { requestSourceKey } from '../ledger/sourceKey.ts';

export interface ChainCompletion {
  ref: RequestRef;
  success: boolean;
}

/** The watcher lease the writer holds (WatcherLease.ts): the batch is written only while it does. */
export interface LeaseFence {
  name: string;
  holder: string;
  epoch: string;
}

export interface ChainBatch {
  /** Validated requests, in chain order (their queue order too). */
  requested: ExecutionRequest[];
  completed: ChainCompletion[];
  /** The watcher's cursor to store with them, or null to leave it. */
  cursor: { name: string; value: string } | null;
  /** Write nothing unless this lease is still held (several coordinators); absent: no fence. */
  fence?: LeaseFence;
}

export interface ChainBatchOutcome {
  /** Requests newly recorded (redeliveries excluded). */
  recorded: number;
  /** Completions that matched a recorded request. */
  completed: number;
}

const BATCH_SQL = `
WITH lease AS (
  -- FOR SHARE: a coordinator taking the lease over (an UPDATE of this row) waits for this
  -- statement to commit, and re-reads the cursor after it; a lease already taken over matches no
  -- row here (READ COMMITTED re-checks a row updated meanwhile), and the gate below closes.
  SELECT 1 FROM watcher_leases WHERE name = $8::text AND holder = $9::text AND epoch = $10::bigint FOR SHARE
), gate AS (
  SELECT ($8::text IS NULL OR EXISTS (SELECT 1 FROM lease)) AS open
), incoming AS (
  SELECT * FROM jsonb_to_recordset($1::jsonb) AS x (ord int, chain text, contract_id text, request_id text,
    callback_handle text, sender_id text, payer_id text, source jsonb, source_key text, input text,
    secrets_ref jsonb, limits jsonb, response_format text, deposit text, block_height bigint, http jsonb, request_tx text)
), ins AS (
  -- One statement has one now(): microsecond steps keep the batch's chain order in the queue.
  INSERT INTO requests (chain, contract_id, request_id, callback_handle, sender_id, payer_id, source, source_key,
    input, secrets_ref, limits, response_format, deposit, block_height, http, request_tx, created_at)
  SELECT chain, contract_id, request_id, callback_handle, sender_id, payer_id, source, source_key,
    decode(input, 'base64'), secrets_ref, limits, response_format, deposit, block_height, http, request_tx, now() + ord * interval '1 microsecond'
  FROM incoming WHERE (SELECT open FROM gate)
  ON CONFLICT (chain, contract_id, request_id) DO NOTHING
  RETURNING id, block_height
), recorded AS (
  INSERT INTO events (request_id, kind, data) SELECT id, 'recorded', jsonb_build_object('blockHeight', block_height) FROM ins
), done AS (
  -- Arrays, not JSON: the planner expects a handful of rows from unnest (100 from
  -- jsonb_to_recordset), so it probes the unique key instead of hashing the whole table.
  UPDATE requests r SET chain_resolved_at = COALESCE(r.chain_resolved_at, now()), updated_at = now(),
    status = CASE WHEN r.status = 'queued' THEN 'resolved' ELSE r.status END
  FROM unnest($2::text[], $3::text[], $4::text[], $5::boolean[]) AS c (chain, contract_id, request_id, success)
  WHERE r.chain = c.chain AND r.contract_id = c.contract_id AND r.request_id = c.request_id
    -- A completion replayed (a crash, a watcher handover) is not recorded twice.
    AND r.chain_resolved_at IS NULL AND (SELECT open FROM gate)
  RETURNING r.id, c.success
), completed AS (
  INSERT INTO events (request_id, kind, data) SELECT id, 'chain_completed', jsonb_build_object('success', success) FROM done
), cursor AS (
  INSERT INTO chain_cursors (chain, cursor) SELECT $6::text, $7::text WHERE $6::text IS NOT NULL AND (SELECT open FROM gate)
  ON CONFLICT (chain) DO UPDATE SET cursor = EXCLUDED.cursor, updated_at = now()
)
SELECT (SELECT count(*) FROM ins)::int AS recorded, (SELECT count(*) FROM done)::int AS completed, (SELECT open FROM gate) AS open`;

const refKey = (r: RequestRef): string => `${r.chain}\u0000${r.contractId}\u0000${r.requestId}`;

async function runBatch(
  db: Db,
  requested: ExecutionRequest[],
  completed: ChainCompletion[],
  cursor: ChainBatch['cursor'],
  fence: LeaseFence | undefined,
  signal?: AbortSignal,
): Promise<ChainBatchOutcome> {
  const rows = requested.map((r, ord) => ({
    ord,
    chain: r.chain,
    contract_id: r.contractId,
    request_id: r.requestId,
    callback_handle: r.callbackHandle ?? null,
    sender_id: r.senderId,
    payer_id: r.payerId,
    source: r.source,
    source_key: requestSourceKey(r.source),
    input: inputBase64(r),
    secrets_ref: r.secretsRef ?? null,
    limits: r.limits,
    response_format: r.responseFormat,
    deposit: r.deposit,
    block_height: r.blockHeight,
    http: r.http ?? null,
    request_tx: r.requestTx ?? null,
  }));
  const out = await db.query<ChainBatchOutcome & { open: boolean }>(
    BATCH_SQL,
    [
      JSON.stringify(rows),
      completed.map((c) => c.ref.chain),
      completed.map((c) => c.ref.contractId),
      completed.map((c) => c.ref.requestId),
      completed.map((c) => c.success),
      cursor?.name ?? null,
      cursor?.value ?? null,
      fence?.name ?? null,
      fence?.holder ?? null,
      fence?.epoch ?? null,
    ],
    { prepareAs: 'errand_chain_batch_v6', signal },
  );
  const { recorded, completed: done, open } = out.rows[0]!;
  if (!open && fence) {
    throw new ErrandError('COORDINATOR__WATCHER_LEASE_LOST', `watcher ${fence.name}: the lease moved on from ${fence.holder} (epoch ${fence.epoch})`, {
      watcher: fence.name,
      holder: fence.holder,
      epoch: fence.epoch,
    });
  }
  return { recorded, completed: done };
}

export async function applyChainBatch(db: Db, batch: ChainBatch, signal?: AbortSignal): Promise<ChainBatchOutcome> {
  const inBatch = new Set(batch.requested.map(refKey));
  const now: ChainCompletion[] = [];
  const after: ChainCompletion[] = [];
  for (const c of batch.completed) (inBatch.has(refKey(c.ref)) ? after : now).push(c);
  const first = await runBatch(db, batch.requested, now, after.length === 0 ? batch.cursor : null, batch.fence, signal);
  if (after.length === 0) return first;
  const second = await runBatch(db, [], after, batch.cursor, batch.fence, signal);
  return { recorded: first.recorded, completed: first.completed + second.completed };
}
