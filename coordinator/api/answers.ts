/** The JSON answer of every /v1 route (and /health): the routes are typed against them, the client parses with them. */
import { z } from 'zod';
import { claimTicketSchema } from '../../common/tickets/index.ts';
import { scopePublicKeyAnswer } from '../../keystore/api/index.ts';
import { count, isoTime, ledgerId, sha256Hex } from './fields.ts';
import { claimSchema, jobRecordSchema, ledgerEventSchema, requestRecordSchema, workerRecordSchema } from './records.ts';

export const healthAnswer = z.strictObject({
  status: z.literal('ok'),
  db: z.enum(['postgres', 'pglite']),
  wake: z.enum(['redis', 'in-process']),
  wakeHealthy: z.boolean(),
  locks: z.enum(['redis', 'postgres']),
});

export const registerWorkerAnswer = z.strictObject({ workerId: z.string(), token: z.string().min(1) });
export const workerHeartbeatAnswer = z.strictObject({ worker: workerRecordSchema });

export const createRequestAnswer = z.strictObject({ request: requestRecordSchema, created: z.boolean() });
export const requestAnswer = z.strictObject({ request: requestRecordSchema });
export const requestsAnswer = z.strictObject({ requests: z.array(requestRecordSchema) });
export const eventsAnswer = z.strictObject({ events: z.array(ledgerEventSchema) });
export const jobsAnswer = z.strictObject({ jobs: z.array(jobRecordSchema) });

/** POST /v1/poll and POST /v1/claims without `max`. */
export const claimAnswer = z.strictObject({ claim: claimSchema.nullable() });
/** POST /v1/claims with `max`. */
export const claimsAnswer = z.strictObject({ claims: z.array(claimSchema) });

export const jobHeartbeatAnswer = z.strictObject({ leaseUntil: isoTime });
export const completeCompileAnswer = z.strictObject({ ok: z.literal(true), sourceKey: z.string().nullable(), trusted: z.boolean() });
export const completeExecuteAnswer = z.strictObject({ ok: z.literal(true) });
export const ticketAnswer = z.strictObject({ ticket: claimTicketSchema });
export const failAnswer = z.strictObject({ requestId: ledgerId, requestStatus: z.enum(['queued', 'failed']), attempts: count });
export const appendLogAnswer = z.strictObject({ accepted: z.boolean() });

export const uploadWasmAnswer = z.strictObject({ sha256: sha256Hex, bytes: count, created: z.boolean() });
/** PUT /v1/jobs/:id/transcript: the stored transcript's sha256 (the one checked) and size. */
export const uploadTranscriptAnswer = z.strictObject({ sha256: sha256Hex, bytes: count });
export const bySourceAnswer = z.strictObject({ sha256: sha256Hex, bytes: count, trusted: z.boolean() });

/** `acquired: false` when someone else holds it: waiting is the caller's choice. */
export const lockAnswer = z.strictObject({
  acquired: z.boolean(),
  key: z.string(),
  /** When acquired: what extend and release must present (only this holding may change the lock). */
  token: z.string().optional(),
  expiresAt: isoTime.optional(),
});
export const extendLockAnswer = z.strictObject({ extended: z.literal(true), key: z.string(), expiresAt: isoTime });
export const releaseLockAnswer = z.strictObject({ released: z.literal(true), key: z.string() });

/** GET /v1/keystore/pubkey relays the keystore's own answer (keystore/api). */
export const keystorePublicKeyAnswer = scopePublicKeyAnswer;

export type HealthAnswer = z.infer<typeof healthAnswer>;
export type LockAnswer = z.infer<typeof lockAnswer>;
export type FailOutcome = z.infer<typeof failAnswer>;
