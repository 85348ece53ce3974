/** What a worker receives when it claims a request: the request and the jobs now leased to it. */
import type { JobType } from '../api/index.ts';
import type { RequestRecord } from '../ledger/RequestRecord.ts';

export interface ClaimedJob {
  id: string;
  type: JobType;
  /** Failed attempts so far (expired leases and reported failures). */
  attempts: number;
  leaseUntil: string;
}

export interface Claim {
  request: RequestRecord;
  /** `[execute]` when the module is cached, else `[compile, execute]`, in that order. */
  jobs: ClaimedJob[];
  /** The cached module to execute when no compile job was handed out. */
  wasmSha256: string | null;
}
