/** A request as the ledger holds it: the chain's ExecutionRequest plus the coordinator's state. */
import type { ExecutionRequest, ExecutionResponse } from '../../common/types/index.ts';
import type { RequestStatus } from '../api/index.ts';
import { inputFields } from './inputBytes.ts';

export interface RequestRecord extends ExecutionRequest {
  id: string;
  status: RequestStatus;
  sourceKey: string | null;
  pinnedCommit: string | null;
  claimedBy: string | null;
  attempts: number;
  lastError: string | null;
  /** Set when the coordinator refused to run the request (recordRejected.ts): the on-chain error code. */
  rejectCode: string | null;
  response: ExecutionResponse | null;
  resolveTx: string | null;
  chainResolvedAt: string | null;
  failureResolvedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

type Row = Record<string, unknown>;

const iso = (v: unknown): string | null => (v == null ? null : new Date(v as string).toISOString());
const opt = <T>(v: unknown): T | undefined => (v == null ? undefined : (v as T));

export const REQUEST_COLUMNS = `id::text AS id, chain, contract_id, request_id, callback_handle, sender_id, payer_id,
  source, source_key, pinned_commit, input, secrets_ref, limits, http, response_format, deposit,
  block_height::float8 AS block_height, status, claimed_by, attempts, last_error, reject_code, response, resolve_tx, request_tx,
  chain_resolved_at, failure_resolved_at, created_at, updated_at`;

export function rowToRequest(r: Row): RequestRecord {
  return {
    id: r.id as string,
    chain: r.chain as RequestRecord['chain'],
    contractId: r.contract_id as string,
    requestId: r.request_id as string,
    callbackHandle: opt(r.callback_handle),
    requestTx: opt(r.request_tx),
    senderId: r.sender_id as string,
    payerId: r.payer_id as string,
    source: r.source as RequestRecord['source'],
    ...inputFields(r.input),
    secretsRef: opt(r.secrets_ref),
    limits: r.limits as RequestRecord['limits'],
    ...(r.http != null ? { http: r.http as NonNullable<RequestRecord['http']> } : {}),
    responseFormat: r.response_format as RequestRecord['responseFormat'],
    deposit: r.deposit as string,
    blockHeight: Number(r.block_height),
    status: r.status as RequestStatus,
    sourceKey: (r.source_key as string | null) ?? null,
    pinnedCommit: (r.pinned_commit as string | null) ?? null,
    claimedBy: (r.claimed_by as string | null) ?? null,
    attempts: Number(r.attempts),
    lastError: (r.last_error as string | null) ?? null,
    rejectCode: (r.reject_code as string | null) ?? null,
    response: (r.response as ExecutionResponse | null) ?? null,
    resolveTx: (r.resolve_tx as string | null) ?? null,
    chainResolvedAt: iso(r.chain_resolved_at),
    failureResolvedAt: iso(r.failure_resolved_at),
    createdAt: iso(r.created_at)!,
    updatedAt: iso(r.updated_at)!,
  };
}
