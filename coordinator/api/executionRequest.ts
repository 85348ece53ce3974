/**
 * zod schemas of an ExecutionRequest and an ExecutionResponse (common/types) at the coordinator's
 * trust boundary: HTTP bodies and chain events both pass through the request schema before
 * anything is stored; the response schema checks what a worker reports.
 */
import { z } from 'zod';
import {
  BUILD_TARGETS,
  CHAINS,
  HTTP_LIMITS,
  RESPONSE_FORMATS,
  isCanonicalBase64,
  isHostPattern,
  requestInputBytes,
  requestInputFromBytes,
} from '../../common/types/index.ts';
import type { ExecutionRequest, ExecutionResponse } from '../../common/types/index.ts';
import { textProblem } from '../../common/text/wellFormed.ts';
import { codedError, count, sha256Hex, text } from './fields.ts';

const shortText = text(1, 256);

export const gitSourceSchema = z.strictObject({
  kind: z.literal('git'),
  repo: text(1, 2048),
  commit: text(1, 256),
  target: z.enum(BUILD_TARGETS),
  path: text(0, 1024).optional(),
});

export const sourceSchema = z.discriminatedUnion('kind', [
  gitSourceSchema,
  z.strictObject({ kind: z.literal('wasm_url'), url: text(1, 4096), sha256: sha256Hex }),
]);

export const limitsSchema = z.strictObject({
  maxInstructions: count,
  maxMemoryMb: count,
  maxExecutionMs: count,
  maxCompileMs: count,
  maxScratchMb: count.optional(),
});

export const secretsRefSchema = z.strictObject({ owner: shortText, profile: shortText });

/** The fields of a request, for the schemas that extend it (coordinator/api/records.ts). */
export const executionRequestShape = {
  chain: z.enum(CHAINS),
  contractId: shortText,
  requestId: shortText,
  callbackHandle: text(1, 512).optional(),
  requestTx: text(1, 128).optional(),
  senderId: shortText,
  payerId: shortText,
  source: sourceSchema,
  // Bytes in the ledger (bytea), so NUL is data; a lone surrogate has no bytes at all.
  input: z
    .string()
    .max(1024 * 1024)
    .refine((v) => textProblem(v, true) === null, 'must be well-formed Unicode (no lone surrogate)'),
  // Bytes that are not UTF-8 (common/types/requestInput.ts); `input` is then ''.
  inputBase64: z
    .string()
    .max(1400 * 1024)
    .refine(isCanonicalBase64, 'must be canonical padded base64')
    .optional(),
  secretsRef: secretsRefSchema.optional(),
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
  blockHeight: count,
};

export const executionRequestSchema = z
  .strictObject(executionRequestShape)
  .refine((r) => r.inputBase64 === undefined || (r.input === '' && requestInputFromBytes(requestInputBytes(r)).inputBase64 !== undefined), {
    path: ['inputBase64'],
    message: 'only for bytes that are not UTF-8, with input ""',
  });

export const executionResponseSchema = z.strictObject({
  success: z.boolean(),
  output: z
    .union([
      z.strictObject({ format: z.enum(RESPONSE_FORMATS), value: z.string().max(1024 * 1024) }),
      z.strictObject({ format: z.literal('stored'), sha256: sha256Hex, bytes: count }),
    ])
    .optional(),
  error: codedError.optional(),
  resourcesUsed: z.strictObject({
    instructions: count,
    timeMs: count,
    compileTimeMs: count,
    httpRequests: count.optional(),
    httpResponseBytes: count.optional(),
  }),
  /** sha256 of the run's HTTP transcript (requests with the http capability only). */
  transcriptSha256: sha256Hex.optional(),
});

// Compile-time checks that what the schemas yield is the shared type.
const _request: (r: z.infer<typeof executionRequestSchema>) => ExecutionRequest = (r) => r;
const _response: (r: z.infer<typeof executionResponseSchema>) => ExecutionResponse = (r) => r;
void _request;
void _response;
