/** Request bodies and queries of the /v1 API: the routes parse with them, the client sends their input types. */
import { z } from 'zod';
import { BUILD_TARGETS } from '../../common/types/index.ts';
import { codedError, count, sha256Hex } from './fields.ts';
import { executionResponseSchema } from './executionRequest.ts';
import { LOG_STREAMS, REQUEST_STATUSES } from './records.ts';

const name = z.string().regex(/^[A-Za-z0-9._:@-]{1,128}$/);

export const registerWorkerBody = z.strictObject({
  workerId: name.optional(),
  publicKey: z.string().min(1).max(256).optional(),
  capabilities: z.record(z.string().max(100), z.unknown()).optional(),
  /** Who runs this worker: builds by two workers of one operator are not independent. */
  operator: name.optional(),
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

const compileCompletion = z.strictObject({
  type: z.literal('compile'),
  wasmSha256: sha256Hex,
  /** The commit the worker pinned a branch/tag to; required when the request named a branch. */
  pinnedCommit: z
    .string()
    .regex(/^(?:[0-9a-f]{40}|[0-9a-f]{64})$/, '40 or 64 lowercase hex')
    .optional(),
  compileTimeMs: count.optional(),
});
const executeCompletion = z.strictObject({
  type: z.literal('execute'),
  response: executionResponseSchema,
  /** The `resolve_execution` transaction, when the worker resolved before completing (the normal order). */
  resolveTx: z.string().min(1).max(256).optional(),
});
export const completeBody = z.discriminatedUnion('type', [compileCompletion, executeCompletion]);

export const failBody = z.strictObject({
  error: codedError,
  /** false: retrying cannot help (e.g. the source does not build). Default true. */
  retryable: z.boolean().optional(),
});

export const appendLogBody = (maxChunk: number) => z.strictObject({ stream: z.enum(LOG_STREAMS), chunk: z.string().max(maxChunk) });

export const lockBody = z.strictObject({
  key: z.string().min(1).max(1024),
  ttlMs: z.number().int().min(100).max(3_600_000).default(60_000),
});
/** The holder's token from acquire (coordinator/locks/lockToken.ts): 16 random bytes, base64url. */
const lockToken = z.string().regex(/^[A-Za-z0-9_-]{22}$/, 'a lock token from /v1/locks/acquire');
export const extendBody = lockBody.extend({ token: lockToken });
export const releaseBody = z.strictObject({ key: lockBody.shape.key, token: lockToken });

const boolString = z.enum(['true', 'false']).transform((v) => v === 'true');

/** Filters of GET /v1/requests (newest first; `before` pages by ledger id). */
export const listRequestsQuery = z.strictObject({
  status: z.enum(REQUEST_STATUSES).optional(),
  chain: z.string().max(32).optional(),
  contractId: z.string().max(256).optional(),
  senderId: z.string().max(256).optional(),
  /** The chain's own request id (what `request_execution` returned), not the ledger's uuid. */
  requestId: z
    .string()
    .regex(/^[0-9A-Za-z_-]{1,128}$/)
    .optional(),
  /** Only failed requests whose error has not been resolved on-chain yet. */
  unresolvedFailures: boolString.optional(),
  limit: z.coerce.number().int().min(1).max(500).optional(),
  before: z.uuid().optional(),
});

export const logsQuery = z.strictObject({ follow: boolString.optional(), after: z.coerce.number().int().min(0).optional() });
export const bySourceQuery = z.strictObject({ key: z.string().min(1).max(4096) });

export type RegisterWorkerBody = z.input<typeof registerWorkerBody>;
/** What the client sends to complete a compile job (the `type` is added by the client). */
export type CompileCompletion = Omit<z.input<typeof compileCompletion>, 'type'>;
export type ExecuteCompletion = Omit<z.input<typeof executeCompletion>, 'type'>;
export type JobFailure = z.input<typeof failBody>;
/** Filters as the client passes them (unresolvedFailures a boolean, sent as 'true'/'false'). */
export type ListRequestsFilter = Omit<z.input<typeof listRequestsQuery>, 'unresolvedFailures' | 'limit'> & { unresolvedFailures?: boolean; limit?: number };
