/**
 * The ledger's records as the /v1 API answers them: requests, jobs, claims, events, log entries,
 * workers. The client parses every answer with these; the coordinator's own modules use the
 * status lists so the two cannot drift apart.
 */
import { z } from 'zod';
import { CHAINS, RESPONSE_FORMATS } from '../../common/types/index.ts';
import { count, isoTime, ledgerId, sha256Hex } from './fields.ts';
import { executionRequestShape, executionResponseSchema, limitsSchema, secretsRefSchema, sourceSchema } from './executionRequest.ts';

export const REQUEST_STATUSES = ['queued', 'claimed', 'done', 'failed', 'resolved'] as const;
/** queued: waiting for a worker; claimed: a worker holds its jobs; done: executed and reported;
 * failed: attempts exhausted or a permanent error; resolved: resolved on-chain by someone else
 * (or timed out there) before it ran here. */
export type RequestStatus = (typeof REQUEST_STATUSES)[number];

export const JOB_TYPES = ['compile', 'execute'] as const;
export type JobType = (typeof JOB_TYPES)[number];
export const JOB_STATUSES = ['queued', 'running', 'done', 'failed'] as const;

export const LOG_STREAMS = ['build', 'stdout', 'stderr', 'worker'] as const;
export type LogStream = (typeof LOG_STREAMS)[number];

const nullableText = z.string().nullable();

/** What the ledger adds to a request. */
const ledgerShape = {
  id: ledgerId,
  status: z.enum(REQUEST_STATUSES),
  sourceKey: nullableText,
  pinnedCommit: nullableText,
  claimedBy: nullableText,
  attempts: count,
  lastError: nullableText,
  /** Set when the coordinator refused to run the request: the on-chain error code. */
  rejectCode: nullableText,
  response: executionResponseSchema.nullable(),
  resolveTx: nullableText,
  chainResolvedAt: isoTime.nullable(),
  failureResolvedAt: isoTime.nullable(),
  createdAt: isoTime,
  updatedAt: isoTime,
};

/** A request that passed the request schema (every claimable one). */
export const acceptedRequestRecordSchema = z.strictObject({ ...executionRequestShape, ...ledgerShape });

/** A chain request the coordinator refused (ledger/recordRejected.ts): fields the event did not
 * carry in a usable form are neutral values (empty text, `{}`, zero). It is never claimed. */
const rejectedRequestRecordSchema = z.strictObject({
  ...ledgerShape,
  status: z.literal('failed'),
  rejectCode: z.string(),
  chain: z.enum(CHAINS),
  contractId: z.string(),
  requestId: z.string(),
  callbackHandle: z.string().optional(),
  senderId: z.string(),
  payerId: z.string(),
  source: z.union([sourceSchema, z.strictObject({})]),
  input: z.string(),
  inputBase64: z.string().optional(),
  secretsRef: secretsRefSchema.optional(),
  limits: z.union([limitsSchema, z.strictObject({})]),
  responseFormat: z.enum(RESPONSE_FORMATS),
  deposit: z.string(),
  blockHeight: count,
});

export const requestRecordSchema = z.union([acceptedRequestRecordSchema, rejectedRequestRecordSchema]);

export const claimedJobSchema = z.strictObject({
  id: ledgerId,
  type: z.enum(JOB_TYPES),
  /** Failed attempts so far (expired leases and reported failures). */
  attempts: count,
  leaseUntil: isoTime,
});

/** What a worker receives when it claims a request: the request and the jobs now leased to it. */
export const claimSchema = z.strictObject({
  request: acceptedRequestRecordSchema,
  /** `[execute]` when the module is cached, else `[compile, execute]`, in that order. */
  jobs: z.array(claimedJobSchema).min(1).max(2),
  /** The cached module to execute when no compile job was handed out. */
  wasmSha256: sha256Hex.nullable(),
});

export const jobRecordSchema = z.strictObject({
  id: ledgerId,
  requestId: ledgerId,
  type: z.enum(JOB_TYPES),
  status: z.enum(JOB_STATUSES),
  lockedBy: nullableText,
  leaseUntil: isoTime.nullable(),
  attempts: count,
  lastError: nullableText,
});

export const ledgerEventSchema = z.strictObject({
  id: count,
  kind: z.string(),
  jobId: ledgerId.nullable(),
  data: z.record(z.string(), z.unknown()),
  at: isoTime,
});

export const logEntrySchema = z.strictObject({ id: count, stream: z.enum(LOG_STREAMS), chunk: z.string(), at: isoTime });

/** The `event: end` frame of a log stream: the job's status when the stream ended. */
export const logEndSchema = z.strictObject({ status: z.string(), lastId: count });

export const workerRecordSchema = z.strictObject({
  workerId: z.string(),
  publicKey: nullableText,
  capabilities: z.record(z.string(), z.unknown()),
  createdAt: isoTime,
  lastHeartbeatAt: isoTime.nullable(),
});

export type RequestRecord = z.infer<typeof requestRecordSchema>;
export type AcceptedRequestRecord = z.infer<typeof acceptedRequestRecordSchema>;
export type ClaimedJob = z.infer<typeof claimedJobSchema>;
export type Claim = z.infer<typeof claimSchema>;
export type JobRecord = z.infer<typeof jobRecordSchema>;
export type LedgerEvent = z.infer<typeof ledgerEventSchema>;
export type LogEntry = z.infer<typeof logEntrySchema>;
export type WorkerRecord = z.infer<typeof workerRecordSchema>;
