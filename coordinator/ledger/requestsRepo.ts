/**
 * Recording and reading requests. Recording is idempotent on (chain, contract_id, request_id):
 * the watcher may deliver the same event twice and exactly one row results.
 */
import { ErrandError } from '../../common/errors/index.ts';
import type { ExecutionRequest, RequestRef } from '../../common/types/index.ts';
import type { Db, Queryable } from '../db/Db.ts';
import type { RequestStatus } from '../api/index.ts';
import { REQUEST_COLUMNS, rowToRequest, type RequestRecord } from './RequestRecord.ts';
import { inputBytes } from './inputBytes.ts';
import { requestSourceKey } from './sourceKey.ts';
import { WhereClause } from '../db/whereClause.ts';

export interface RecordOutcome {
  record: RequestRecord;
  created: boolean;
}

/** One statement: the insert and its `recorded` event commit together, in one round trip. */
const RECORD_SQL = `
WITH ins AS (
  INSERT INTO requests (chain, contract_id, request_id, callback_handle, sender_id, payer_id, source, source_key,
    input, secrets_ref, limits, response_format, deposit, block_height, http)
  VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, $8, $9::bytea, $10::jsonb, $11::jsonb, $12, $13, $14, $15::jsonb)
  ON CONFLICT (chain, contract_id, request_id) DO NOTHING
  RETURNING *
), ev AS (
  INSERT INTO events (request_id, kind, data)
  SELECT id, 'recorded', jsonb_build_object('blockHeight', block_height) FROM ins
)
SELECT ${REQUEST_COLUMNS} FROM ins`;

export async function recordRequest(db: Db, req: ExecutionRequest, signal?: AbortSignal): Promise<RecordOutcome> {
  const inserted = await db.query<Record<string, unknown>>(
    RECORD_SQL,
    [
      req.chain,
      req.contractId,
      req.requestId,
      req.callbackHandle ?? null,
      req.senderId,
      req.payerId,
      JSON.stringify(req.source),
      requestSourceKey(req.source),
      inputBytes(req),
      req.secretsRef ? JSON.stringify(req.secretsRef) : null,
      JSON.stringify(req.limits),
      req.responseFormat,
      req.deposit,
      req.blockHeight,
      req.http ? JSON.stringify(req.http) : null,
    ],
    { prepareAs: 'errand_record_request_v3', signal },
  );
  if (inserted.rows[0]) return { record: rowToRequest(inserted.rows[0]), created: true };
  const existing = await findByRef(db, req);
  if (!existing) throw new Error('request vanished between insert and read'); // cannot happen: no deletes
  return { record: existing, created: false };
}

export async function findByRef(q: Queryable, ref: RequestRef): Promise<RequestRecord | null> {
  const { rows } = await q.query<Record<string, unknown>>(`SELECT ${REQUEST_COLUMNS} FROM requests WHERE chain = $1 AND contract_id = $2 AND request_id = $3`, [
    ref.chain,
    ref.contractId,
    ref.requestId,
  ]);
  return rows[0] ? rowToRequest(rows[0]) : null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function getRequest(q: Queryable, id: string, signal?: AbortSignal): Promise<RequestRecord> {
  if (!UUID.test(id)) throw new ErrandError('COORDINATOR__REQUEST_NOT_FOUND', `no request ${id}`, { id });
  const { rows } = await q.query<Record<string, unknown>>(`SELECT ${REQUEST_COLUMNS} FROM requests WHERE id = $1::uuid`, [id], { signal });
  if (!rows[0]) throw new ErrandError('COORDINATOR__REQUEST_NOT_FOUND', `no request ${id}`, { id });
  return rowToRequest(rows[0]);
}

export interface RequestFilter {
  status?: RequestStatus;
  chain?: string;
  contractId?: string;
  senderId?: string;
  /** The chain's own request id (what `request_execution` returned), not the ledger's uuid. */
  requestId?: string;
  /** Only failed requests whose error has not been resolved on-chain yet. */
  unresolvedFailures?: boolean;
  limit?: number;
  /** Keyset pagination: requests created strictly before this id's creation. */
  before?: string;
}

export async function listRequests(q: Queryable, f: RequestFilter, signal?: AbortSignal): Promise<RequestRecord[]> {
  const w = new WhereClause();
  if (f.status) w.add('status = $?', f.status);
  if (f.chain) w.add('chain = $?', f.chain);
  if (f.contractId) w.add('contract_id = $?', f.contractId);
  if (f.senderId) w.add('sender_id = $?', f.senderId);
  if (f.requestId) w.add('request_id = $?', f.requestId);
  if (f.unresolvedFailures) w.raw(`status = 'failed' AND failure_resolved_at IS NULL AND chain_resolved_at IS NULL`);
  if (f.before && UUID.test(f.before)) {
    w.add('(created_at, id) < (SELECT created_at, id FROM requests WHERE id = $?::uuid)', f.before);
  }
  const limit = w.param(Math.min(Math.max(f.limit ?? 50, 1), 500));
  const sql = `SELECT ${REQUEST_COLUMNS} FROM requests ${w.sql()} ORDER BY created_at DESC, id DESC LIMIT ${limit}`;
  const params = w.params;
  const { rows } = await q.query<Record<string, unknown>>(sql, params, { signal });
  return rows.map(rowToRequest);
}
