/**
 * Client-side checks before a secrets entry goes on-chain (shared by `errand secrets store` and a
 * future web page): the scope and profile, the envelope's shape (it must parse as a keystore
 * envelope and fit the contract's 16384-character limit), and the access condition, validated as
 * the keystore will validate it at decrypt time - so a condition the keystore would refuse is
 * never paid for. Also bounds the storage deposit to attach: the contract measures the real cost
 * and refunds the excess exactly, so an upper bound costs nothing in the end.
 * Does not promise: that the contract accepts the entry (it re-validates; its error is the truth).
 */
import { ErrandError } from '../../common/errors/index.ts';
import type { AccessCondition, ChainId } from '../../common/types/index.ts';
import { parseEnvelope } from '../envelope/envelope.ts';
import { assertProfile, assertScope } from '../envelope/scope.ts';
import { validateAccessCondition } from '../envelope/validateAccessCondition.ts';

/** The contract's limit on `encrypted` (contracts/near/API.md, store_secrets). */
export const MAX_ONCHAIN_ENVELOPE_CHARS = 16384;
/** NEAR's storage price per byte (10^19 yoctoNEAR). */
export const STORAGE_PRICE_PER_BYTE = 10n ** 19n;
/** Fixed bytes the bound allows for record overheads, the owner's index record and JSON framing. */
const FIXED_OVERHEAD_BYTES = 512;

export interface StoreSecretsInput {
  owner: string;
  repo: string;
  branch: string | null;
  profile: string;
  /** The base64 envelope from `errand secrets encrypt`. */
  envelope: string;
  /** The access condition, parsed from JSON (untrusted shape). */
  condition: unknown;
}

export interface PreparedStoreSecrets {
  repo: string;
  branch: string | null;
  profile: string;
  encrypted: string;
  accessCondition: AccessCondition;
  /** Deposit to attach: an upper bound of the storage cost; the contract refunds the excess. */
  depositBound: bigint;
}

/** API.md spells the NFT token id `token_id`; common/types spells it `tokenId`. Accept both. */
function normalizeCondition(c: unknown): unknown {
  if (typeof c !== 'object' || c === null || Array.isArray(c)) return c;
  const o = { ...(c as Record<string, unknown>) };
  if (o['type'] === 'RequireNftOwnership' && 'token_id' in o && !('tokenId' in o)) {
    o['tokenId'] = o['token_id'];
    delete o['token_id'];
  }
  if (o['type'] === 'Logic' && Array.isArray(o['conditions'])) o['conditions'] = o['conditions'].map(normalizeCondition);
  return o;
}

/** The checks that need no account: the envelope's shape and the access condition (typed, in
 * `chain`'s terms: the keystore validates it for the request's chain at decrypt time). */
export function validateStoreContent(envelope: string, condition: unknown, chain: ChainId = 'near'): AccessCondition {
  parseEnvelope(envelope);
  if (chain === 'near' && envelope.length > MAX_ONCHAIN_ENVELOPE_CHARS) {
    throw new ErrandError(
      'KEYSTORE__ENVELOPE_INVALID',
      `the envelope has ${envelope.length} characters; the contract accepts at most ${MAX_ONCHAIN_ENVELOPE_CHARS}`,
      { reason: 'too_long_for_contract' },
    );
  }
  return validateAccessCondition(normalizeCondition(condition), chain);
}

/** Validates everything the caller can check locally; throws KEYSTORE__* coded errors. */
export function prepareStoreSecrets(input: StoreSecretsInput): PreparedStoreSecrets {
  assertScope({ chain: 'near', owner: input.owner, repo: input.repo, branch: input.branch });
  assertProfile(input.profile);
  const accessCondition = validateStoreContent(input.envelope, input.condition);
  return {
    repo: input.repo,
    branch: input.branch,
    profile: input.profile,
    encrypted: input.envelope,
    accessCondition,
    depositBound: storageDepositBound(input, accessCondition),
  };
}

/**
 * Bytes the entry can occupy at most: its state key repeats owner/repo/branch/profile and the
 * owner's index repeats repo/branch/profile (2x each, JSON escaping included), the envelope is
 * base64 (no escaping), the condition is re-serialized by the contract (2x allows for escapes).
 */
export function storageDepositBound(input: StoreSecretsInput, condition: AccessCondition): bigint {
  const len = (s: string): number => Buffer.byteLength(s, 'utf8');
  const ids = len(input.owner) + len(input.repo) + len(input.branch ?? '') + len(input.profile);
  const bytes = 2 * 2 * ids + len(input.envelope) + 2 * len(JSON.stringify(condition)) + FIXED_OVERHEAD_BYTES;
  return BigInt(bytes) * STORAGE_PRICE_PER_BYTE;
}
