/** The wire shapes of the dashboard's API: its routes parse with these (zod), the page reads the answers. */
import { z } from 'zod';
import { DISPLAY_STATUSES } from './displayStatus.ts';

const accountId = z.string().regex(/^[a-z0-9._-]{2,64}$/, 'a NEAR account id (2-64 of a-z 0-9 . _ -)');
const uint = (max: number) => z.coerce.number().int().min(1).max(max);

export const dashboardRequestsQuery = z.strictObject({
  chain: z.enum(['near', 'solana']).optional(),
  status: z.enum(DISPLAY_STATUSES).optional(),
  requester: z.string().min(1).max(256).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const estimateQuery = z.strictObject({
  chain: z.enum(['near', 'solana']).default('near'),
  maxInstructions: uint(1e15),
  maxMemoryMb: uint(65_536),
  maxExecutionMs: uint(3_600_000),
  maxCompileMs: uint(3_600_000),
  inputBytes: z.coerce
    .number()
    .int()
    .min(0)
    .max(1 << 20)
    .optional(),
});

export const secretsListQuery = z.strictObject({ chain: z.enum(['near', 'solana']).default('near'), owner: accountId });

const secretsKey = {
  owner: accountId,
  repo: z.string().min(1).max(512),
  branch: z.string().min(1).max(256).nullable(),
  profile: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'profile: 1-64 of A-Z a-z 0-9 _ -'),
};

/** A secrets entry to quote or store: the envelope is ciphertext made in the browser. */
export const storeSecretsBody = z.strictObject({ ...secretsKey, envelope: z.string().min(1).max(20_000), condition: z.unknown() });
export const deleteSecretsBody = z.strictObject(secretsKey);
