/** What a worker receives when it claims a request: the request and the jobs now leased to it. */
import type { RequestRecord } from '../ledger/RequestRecord.ts';

export const JOB_TYPES = ['compile', 'execute'] as const;
export type JobType = (typeof JOB_TYPES)[number];

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
