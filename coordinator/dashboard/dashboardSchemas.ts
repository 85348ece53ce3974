/** The wire shapes of the dashboard's API: its routes parse with these (zod), the page reads the answers. */
import { z } from 'zod';
import { DISPLAY_STATUSES } from './displayStatus.ts';

const accountId = z.string().regex(/^[a-z0-9._-]{2,64}$/, 'a NEAR account id (2-64 of a-z 0-9 . _ -)');
/** A Solana address: base58 of 32 bytes (32-44 characters; the program reads it as a key). */
const solanaAddress = z.string().regex(/^[1-9A-HJ-NP-Za-km-z]{32,44}$/, 'a Solana address (base58)');
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

export const secretsListQuery = z.union([
  z.strictObject({ chain: z.literal('near').default('near'), owner: accountId }),
  z.strictObject({ chain: z.literal('solana'), owner: solanaAddress }),
]);

const secretsKey = {
  owner: accountId,
  repo: z.string().min(1).max(512),
  branch: z.string().min(1).max(256).nullable(),
  profile: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'profile: 1-64 of A-Z a-z 0-9 _ -'),
};

/** A secrets entry to quote or store: the envelope is ciphertext made in the browser. */
export const storeSecretsBody = z.strictObject({ ...secretsKey, envelope: z.string().min(1).max(20_000), condition: z.unknown() });
export const deleteSecretsBody = z.strictObject(secretsKey);

/** A Solana secrets entry to quote: the owner is the wallet's address. */
export const solanaSecretsQuoteBody = z.strictObject({ ...secretsKey, owner: solanaAddress, envelope: z.string().min(1).max(4_000), condition: z.unknown() });
/** A transaction the user's wallet signed, as base64 of its wire bytes, for the coordinator to relay. */
export const solanaSendBody = z.strictObject({ transaction: z.string().min(1).max(4_000) });

/** A NEAR secrets write for the user's wallet to sign: the coordinator fills in the call and the access key's nonce. */
export const nearWalletTransactionBody = z.discriminatedUnion('action', [
  z.strictObject({ action: z.literal('store'), entry: storeSecretsBody }),
  z.strictObject({ action: z.literal('delete'), key: deleteSecretsBody }),
]);
export const nearTxQuery = z.strictObject({ account: accountId });
