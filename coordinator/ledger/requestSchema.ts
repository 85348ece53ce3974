/**
 * zod schema of an ExecutionRequest (common/types) at the coordinator's trust boundary: HTTP
 * bodies and chain events both pass through it before anything is stored.
 */
import { z } from 'zod';
import { BUILD_TARGETS, CHAINS, HTTP_LIMITS, RESPONSE_FORMATS, isCanonicalBase64, isHostPattern, requestInputBytes, requestInputFromBytes } from '../../common/types/index.ts';
import type { ExecutionRequest, Sha256Hex } from '../../common/types/index.ts';
import { textProblem } from '../../common/text/wellFormed.ts';

/** Text that a `text`/`jsonb` column holds unchanged: no NUL, no lone surrogate. */
const text = (min: number, max: number) =>
  z.string().min(min).max(max).refine((v) => textProblem(v) === null, 'must not contain NUL or a lone UTF-16 surrogate');
const shortText = text(1, 256);
const sha256 = z
  .string()
  .regex(/^[0-9a-f]{64}$/, 'must be 64 lowercase hex characters')
  .transform((v) => v as Sha256Hex);

export const gitSourceSchema = z.strictObject({
  kind: z.literal('git'),
  repo: text(1, 2048),
  commit: text(1, 256),
  target: z.enum(BUILD_TARGETS),
  path: text(0, 1024).optional(),
});

export const sourceSchema = z.discriminatedUnion('kind', [
  gitSourceSchema,
  z.strictObject({ kind: z.literal('wasm_url'), url: text(1, 4096), sha256 }),
]);

const positiveInt = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);

export const limitsSchema = z.strictObject({
  maxInstructions: positiveInt,
  maxMemoryMb: positiveInt,
  maxExecutionMs: positiveInt,
  maxCompileMs: positiveInt,
  maxScratchMb: positiveInt.optional(),
});

export const executionRequestSchema = z.strictObject({
  chain: z.enum(CHAINS),
  contractId: shortText,
  requestId: shortText,
  callbackHandle: text(1, 512).optional(),
  senderId: shortText,
  payerId: shortText,
  source: sourceSchema,
  // Bytes in the ledger (bytea), so NUL is data; a lone surrogate has no bytes at all.
  input: z.string().max(1024 * 1024).refine((v) => textProblem(v, true) === null, 'must be well-formed Unicode (no lone surrogate)'),
  // Bytes that are not UTF-8 (common/types/requestInput.ts); `input` is then ''.
  inputBase64: z.string().max(1400 * 1024).refine(isCanonicalBase64, 'must be canonical padded base64').optional(),
  secretsRef: z.strictObject({ owner: shortText, profile: shortText }).optional(),
  limits: limitsSchema,
  http: z
    .strictObject({
      allow: z.array(z.string().max(260).refine(isHostPattern, 'must be a host name, optionally *. and :port')).min(1).max(HTTP_LIMITS.maxHosts),
      maxRequests: z.number().int().min(1).max(HTTP_LIMITS.maxRequests),
      maxResponseBytes: z.number().int().min(1).max(HTTP_LIMITS.maxResponseBytes),
    })
    .optional(),
  responseFormat: z.enum(RESPONSE_FORMATS),
  deposit: z.string().regex(/^\d{1,78}$/, 'decimal string'),
  blockHeight: positiveInt,
}).refine(
  (r) => r.inputBase64 === undefined || (r.input === '' && requestInputFromBytes(requestInputBytes(r)).inputBase64 !== undefined),
  { path: ['inputBase64'], message: 'only for bytes that are not UTF-8, with input ""' },
);

// Compile-time check that what the schema yields is the shared type.
type Parsed = z.infer<typeof executionRequestSchema>;
const _matches: (r: Parsed) => ExecutionRequest = (r) => r;
void _matches;
