/**
 * Bearer tokens: 32 random bytes, shown once at registration; only their SHA-256 is stored.
 * Comparison of the admin token is constant-time over the hashes. A request's token is hashed once
 * (bearerTokenHash): the rate limiter and authentication both key on the hash.
 */
import { hash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export function generateToken(prefix: 'ewk' | 'eadm' = 'ewk'): string {
  return `${prefix}_${randomBytes(32).toString('base64url')}`;
}

export function hashToken(token: string): string {
  // One-shot hash: no Hash object per call (hashed on every authenticated request).
  return hash('sha256', token, 'hex');
}

/** Constant-time equality of two token hashes (hex SHA-256). */
export function tokenHashesEqual(a: string, b: string): boolean {
  return a.length === b.length && timingSafeEqual(Buffer.from(a, 'hex'), Buffer.from(b, 'hex'));
}

/** The token of an `Authorization: Bearer <token>` header, or null. */
export function bearerToken(header: string | undefined): string | null {
  if (!header) return null;
  const m = /^Bearer ([A-Za-z0-9._~+/=-]{1,512})$/.exec(header.trim());
  return m ? m[1]! : null;
}

const TOKEN_HASH = Symbol('errand.bearerTokenHash');
type WithTokenHash = IncomingMessage & { [TOKEN_HASH]?: string | null };

/** The hash of the request's bearer token (null without one), computed once per request. */
export function bearerTokenHash(req: IncomingMessage): string | null {
  const r = req as WithTokenHash;
  if (r[TOKEN_HASH] === undefined) {
    const token = bearerToken(req.headers.authorization);
    r[TOKEN_HASH] = token ? hashToken(token) : null;
  }
  return r[TOKEN_HASH];
}
