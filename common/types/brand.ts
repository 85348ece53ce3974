/**
 * Branded strings for values that must be checked once at a trust boundary and can then be passed
 * around without re-checking. Create them only through the assert/parse functions.
 */
import { ErrandError } from '../errors/index.ts';

export type Brand<T, B extends string> = T & { readonly __brand: B };

/** 64 lowercase hex characters: the SHA-256 of some bytes. */
export type Sha256Hex = Brand<string, 'Sha256Hex'>;

const SHA256_HEX = /^[0-9a-f]{64}$/;

export function isSha256Hex(value: unknown): value is Sha256Hex {
  return typeof value === 'string' && SHA256_HEX.test(value);
}

export function assertSha256Hex(value: unknown, field = 'sha256'): asserts value is Sha256Hex {
  if (!isSha256Hex(value)) {
    throw new ErrandError('COMMON__INVALID_ARGUMENT', `${field} must be 64 lowercase hex characters`, { field });
  }
}

/** A full 40-hex git commit hash (sha1 repositories) or 64-hex (sha256 repositories). */
export type CommitHash = Brand<string, 'CommitHash'>;

const COMMIT_HASH = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/;

export function isCommitHash(value: unknown): value is CommitHash {
  return typeof value === 'string' && COMMIT_HASH.test(value);
}

/** The Sha256Hex brand of a value from outside (a chain, a peer, a file): checked, or COMMON__INVALID_ARGUMENT naming `field`. */
export function parseSha256Hex(value: unknown, field = 'sha256'): Sha256Hex {
  assertSha256Hex(value, field);
  return value;
}
