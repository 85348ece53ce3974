/** Field schemas shared by the /v1 bodies and answers (coordinator/api). */
import { z } from 'zod';
import { parseSha256Hex } from '../../common/types/index.ts';
import { textProblem } from '../../common/text/wellFormed.ts';

/** Text that a `text`/`jsonb` column holds unchanged: no NUL, no lone surrogate. */
export const text = (min: number, max: number) =>
  z
    .string()
    .min(min)
    .max(max)
    .refine((v) => textProblem(v) === null, 'must not contain NUL or a lone UTF-16 surrogate');

/** 64 lowercase hex, branded through its parse function. */
export const sha256Hex = z
  .string()
  .regex(/^[0-9a-f]{64}$/, 'must be 64 lowercase hex characters')
  .transform((v) => parseSha256Hex(v));

export const count = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);

/** A ledger id (request, job): Postgres' uuid text. */
export const ledgerId = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, 'must be a uuid');

/** A time as the coordinator writes it (Date.toISOString()). */
export const isoTime = z.iso.datetime();

export const codedError = z.strictObject({ code: z.string().min(1).max(200), message: z.string().max(4000) });
