/** Shapes the /v1 API answers with, shared by the routes' callers (CoordinatorClient). */
export type { Claim, ClaimedJob, JobType } from '../jobs/Claim.ts';
export type { RequestRecord, RequestStatus } from '../ledger/RequestRecord.ts';
export type { LedgerEvent } from '../ledger/events.ts';
export type { LogEntry, LogStream } from '../jobs/logs.ts';
export type { JobRecord } from '../jobs/jobState.ts';
export type { FailOutcome, JobFailure } from '../jobs/fail.ts';
export type { CompileCompletion, ExecuteCompletion } from '../jobs/complete.ts';
export type { WorkerRecord } from '../workers/workersRepo.ts';
export type { RegisterWorkerBody } from '../http/schemas.ts';

/** Filters of GET /v1/requests (newest first; `before` pages by request id): the ledger's own. */
export type { RequestFilter as ListRequestsFilter } from '../ledger/requestsRepo.ts';

export interface HealthAnswer {
  status: 'ok';
  db: 'postgres' | 'pglite';
  wake: 'redis' | 'in-process';
  wakeHealthy: boolean;
  locks: 'redis' | 'postgres';
}

export interface LockAnswer {
  acquired: boolean;
  key: string;
  /** When acquired: what extend and release must present (only this holding may change the lock). */
  token?: string;
  expiresAt?: string;
}
