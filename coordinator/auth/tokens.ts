/**
 * Bearer tokens: 32 random bytes, shown once at registration; only their SHA-256 is stored.
 * Comparison of the admin token is constant-time over the hashes.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export function generateToken(prefix: 'ewk' | 'eadm' = 'ewk'): string {
  return `${prefix}_${randomBytes(32).toString('base64url')}`;
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export function tokensEqual(a: string, b: string): boolean {
  return timingSafeEqual(Buffer.from(hashToken(a), 'hex'), Buffer.from(hashToken(b), 'hex'));
}

/** The token of an `Authorization: Bearer <token>` header, or null. */
export function bearerToken(header: string | undefined): string | null {
  if (!header) return null;
  const m = /^Bearer ([A-Za-z0-9._~+/=-]{1,512})$/.exec(header.trim());
  return m ? m[1]! : null;
}
