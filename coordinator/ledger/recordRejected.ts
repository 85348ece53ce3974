/**
 * Records a chain request the coordinator will not run (a malformed event, a missing stored input,
 * a refused source, a row Postgres would not take) as `failed` with its code and reason, plus a
 * `rejected` event. From there it is an ordinary failed request: the FailureResolver resolves it
 * on-chain with `success: false` (the contract refunds the deposit but the base fee), or it is
 * listed under unresolvedFailures and the contract's deadline refunds it. Idempotent on the
 * request's ref, like recording.
 *
 * Fields the event did not carry in a usable form are stored as neutral values (empty text, `{}`,
 * zero); the row is never claimed (only `queued` rows are), so nothing runs with them.
 */
import { textProblem, toStorableText } from '../../common/text/wellFormed.ts';
import type { ExecutionRequest, RequestRef } from '../../common/types/index.ts';
import type { Queryable } from '../db/Db.ts';
import { inputBytes } from './inputBytes.ts';
import { requestSourceKey } from './sourceKey.ts';

export interface Rejection {
  ref: RequestRef;
  code: string;
  reason: string;
  blockHeight: number;
  /** The request as parsed, when it is valid and only refused by policy. */
  request?: ExecutionRequest;
}

const SQL = `
WITH ins AS (
  INSERT INTO requests (chain, contract_id, request_id, callback_handle, sender_id, payer_id, source, source_key,
    input, secrets_ref, limits, response_format, deposit, block_height, status, last_error, reject_code)
  VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, $8, $9::bytea, $10::jsonb, $11::jsonb, $12, $13, $14, 'failed', $15, $16)
  ON CONFLICT (chain, contract_id, request_id) DO NOTHING
  RETURNING id, block_height
), ev AS (
  INSERT INTO events (request_id, kind, data)
  SELECT id, 'rejected', jsonb_build_object('blockHeight', block_height, 'code', $16::text, 'reason', $15::text) FROM ins
)
SELECT count(*)::int AS n FROM ins`;

/** Text a `text` column takes: NUL and lone surrogates replaced, bounded. */
export function storableText(s: string, max = 1000): string {
  const clipped = toStorableText(s).slice(0, max);
  // Clipping may split a surrogate pair.
  return textProblem(clipped) === null ? clipped : toStorableText(clipped);
}

/** True when this call recorded it (false: the ref was already in the ledger). */
export async function recordRejected(q: Queryable, r: Rejection, signal?: AbortSignal): Promise<boolean> {
  const req = r.request;
  const { rows } = await q.query<{ n: number }>(
    SQL,
    [
      r.ref.chain,
      storableText(r.ref.contractId, 256),
      storableText(r.ref.requestId, 256),
      req?.callbackHandle ?? null,
      req?.senderId ?? '',
      req?.payerId ?? '',
      JSON.stringify(req?.source ?? {}),
      req ? requestSourceKey(req.source) : null,
      inputBytes(req ?? { input: '' }),
      req?.secretsRef ? JSON.stringify(req.secretsRef) : null,
      JSON.stringify(req?.limits ?? {}),
      req?.responseFormat ?? 'text',
      req?.deposit ?? '0',
      Math.max(0, Math.trunc(r.blockHeight)) || 0,
      storableText(r.reason),
      r.code,
    ],
    { signal },
  );
  return (rows[0]?.n ?? 0) > 0;
}
