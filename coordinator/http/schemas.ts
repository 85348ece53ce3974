/** Request bodies and queries of the /v1 API. The client imports their input types. */
import { z } from 'zod';
import { BUILD_TARGETS, RESPONSE_FORMATS } from '../../common/types/index.ts';
import { REQUEST_STATUSES } from '../ledger/RequestRecord.ts';
import { LOG_STREAMS } from '../jobs/logs.ts';

const sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'must be 64 lowercase hex characters');
const count = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);
const codedError = z.strictObject({ code: z.string().min(1).max(200), message: z.string().max(4000) });

export const executionResponseSchema = z.strictObject({
  success: z.boolean(),
  output: z
    .union([
      z.strictObject({ format: z.enum(RESPONSE_FORMATS), value: z.string().max(1024 * 1024) }),
      z.strictObject({ format: z.literal('stored'), sha256, bytes: count }),
    ])
    .optional(),
  error: codedError.optional(),
  resourcesUsed: z.strictObject({ instructions: count, timeMs: count, compileTimeMs: count, httpRequests: count.optional(), httpResponseBytes: count.optional() }),
  transcriptSha256: sha256.optional(),
});

export const registerWorkerBody = z.strictObject({
  workerId: z.string().regex(/^[A-Za-z0-9._:@-]{1,128}$/).optional(),
  publicKey: z.string().min(1).max(256).optional(),
  capabilities: z.record(z.string().max(100), z.unknown()).optional(),
  /** Who runs this worker: builds by two workers of one operator are not independent. */
  operator: z.string().regex(/^[A-Za-z0-9._:@-]{1,128}$/).optional(),
  /** The admin verified this worker's hardware attestation: its builds are trusted alone. */
  attestedBuilder: z.boolean().optional(),
});

export const workerHeartbeatBody = z.strictObject({
  capabilities: z.record(z.string().max(100), z.unknown()).optional(),
});

/** What a worker can compile for; absent means every target (a worker that does not say). */
const buildTargets = z.array(z.enum(BUILD_TARGETS)).max(BUILD_TARGETS.length).optional();
export const pollBody = z.strictObject({ timeoutMs: z.number().int().min(0).max(600_000).default(25_000), buildTargets });
/** `max`: claim up to that many queued requests at once (answered as `{claims}`); not with `requestId`. */
export const claimBody = z
  .strictObject({ requestId: z.uuid().optional(), max: z.number().int().min(1).max(1000).optional(), buildTargets })
  .refine((b) => !(b.requestId && b.max !== undefined), { message: 'requestId and max are exclusive', path: ['max'] });

export const completeBody = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('compile'),
    wasmSha256: sha256,
    pinnedCommit: z.string().regex(/^(?:[0-9a-f]{40}|[0-9a-f]{64})$/, '40 or 64 lowercase hex').optional(),
    compileTimeMs: count.optional(),
  }),
  z.strictObject({ type: z.literal('execute'), response: executionResponseSchema, resolveTx: z.string().min(1).max(256).optional() }),
]);

export const failBody = z.strictObject({ error: codedError, retryable: z.boolean().optional() });

export const appendLogBody = (maxChunk: number) =>
  z.strictObject({ stream: z.enum(LOG_STREAMS), chunk: z.string().max(maxChunk) });

export const lockBody = z.strictObject({
  key: z.string().min(1).max(1024),
  ttlMs: z.number().int().min(100).max(3_600_000).default(60_000),
});
/** The holder's token from acquire (coordinator/locks/lockToken.ts): 16 random bytes, base64url. */
const lockToken = z.string().regex(/^[A-Za-z0-9_-]{22}$/, 'a lock token from /v1/locks/acquire');
export const extendBody = lockBody.extend({ token: lockToken });
export const releaseBody = z.strictObject({ key: lockBody.shape.key, token: lockToken });

const boolString = z.enum(['true', 'false']).transform((v) => v === 'true');

export const listRequestsQuery = z.strictObject({
  status: z.enum(REQUEST_STATUSES).optional(),
  chain: z.string().max(32).optional(),
  contractId: z.string().max(256).optional(),
  senderId: z.string().max(256).optional(),
  requestId: z.string().regex(/^[0-9A-Za-z_-]{1,128}$/).optional(),
  unresolvedFailures: boolString.optional(),
  limit: z.coerce.number().int().min(1).max(500).optional(),
  before: z.uuid().optional(),
});

export const logsQuery = z.strictObject({ follow: boolString.optional(), after: z.coerce.number().int().min(0).optional() });
export const bySourceQuery = z.strictObject({ key: z.string().min(1).max(4096) });

export type CompleteBody = z.input<typeof completeBody>;
export type FailBody = z.input<typeof failBody>;
export type RegisterWorkerBody = z.input<typeof registerWorkerBody>;
export type ListRequestsQuery = z.input<typeof listRequestsQuery>;
