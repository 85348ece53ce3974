/**
 * One snapshot of where a request stands, read from the chain (the truth: status, charge, refund)
 * and, when the coordinator is known, from its ledger (claim, builds, execution). `errand status`
 * prints one; `errand request --wait` reads them until the chain says the request is settled.
 */
import { ErrandError } from '../../common/errors/index.ts';
import type { ExecutionResponse, RequestRef } from '../../common/types/index.ts';
import type { CoordinatorClient } from '../../coordinator/client/CoordinatorClient.ts';
import type { JobRecord, RequestRecord } from '../../coordinator/api/index.ts';
import type { Target } from '../endpoint/resolveTarget.ts';

export interface ChainView {
  status: 'pending' | 'resolved' | 'timed_out' | 'cancelled';
  resolvedBy: string | null;
  success: boolean | null;
  deposit: string;
  charged: string | null;
  refunded: string | null;
  storageFee: string | null;
  resourcesUsed: { instructions: number; time_ms: number; compile_time_ms: number; http_requests?: number; http_response_bytes?: number } | null;
  /** The worker's HTTP transcript hash (requests with the http capability). */
  transcriptSha256: string | null;
  secretsRef: { owner: string; profile: string } | null;
}

/** What the coordinator's ledger says of a request (all null/empty without a coordinator). */
export interface LedgerView {
  ledger: RequestRecord | null;
  jobs: JobRecord[];
  response: ExecutionResponse | null;
}

export interface RequestState extends LedgerView {
  requestId: string;
  chain: ChainView;
}

const str = (v: unknown): string | null => (typeof v === 'string' ? v : v == null ? null : String(v));

function chainView(raw: Record<string, unknown>): ChainView {
  return {
    status: raw['status'] as ChainView['status'],
    resolvedBy: str(raw['resolved_by']),
    success: typeof raw['success'] === 'boolean' ? raw['success'] : null,
    deposit: str(raw['deposit']) ?? '0',
    charged: str(raw['charged']),
    refunded: str(raw['refunded']),
    storageFee: str(raw['storage_fee']),
    resourcesUsed: (raw['resources_used'] as ChainView['resourcesUsed']) ?? null,
    secretsRef: (raw['secrets_ref'] as ChainView['secretsRef']) ?? null,
    transcriptSha256: str(raw['transcript_sha256']),
  };
}

export async function readRequestState(target: Target, requestId: string, signal?: AbortSignal): Promise<RequestState> {
  if (!/^\d{1,19}$/.test(requestId)) {
    throw new ErrandError('COMMON__INVALID_ARGUMENT', `ID must be the chain's request id (a number), got '${requestId}'`, { field: 'id' });
  }
  const raw = await target.near.getRequestRaw(requestId, signal);
  if (!raw) throw new ErrandError('CLI__REQUEST_NOT_FOUND', `request ${requestId} is not on ${target.contractId}`, { requestId });
  return {
    requestId,
    chain: chainView(raw),
    ...(await readLedger(target.coordinator, { chain: target.chain, contractId: target.contractId, requestId }, signal)),
  };
}

/** The request's ledger row and jobs, when the coordinator is known and has recorded it. */
export async function readLedger(coordinator: CoordinatorClient | undefined, ref: RequestRef, signal?: AbortSignal): Promise<LedgerView> {
  if (!coordinator) return { ledger: null, jobs: [], response: null };
  const ledger = (await coordinator.listRequests({ ...ref, limit: 1 }, { signal }))[0] ?? null;
  const jobs = ledger ? await coordinator.requestJobs(ledger.id, { signal }) : [];
  return { ledger, jobs, response: ledger?.response ?? null };
}

export const settled = (s: RequestState): boolean => s.chain.status !== 'pending';
