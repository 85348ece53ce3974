/**
 * The one parser of NEAR key files and strings: NEAR CLI's credentials JSON
 * (`{"account_id","public_key","private_key"}`; `secret_key` accepted too) or a bare
 * `ed25519:<base58>` secret key. The key must be a well-formed ed25519 secret that near-api-js
 * accepts. It returns a reason instead of throwing so each caller raises its own coded error
 * (a service's config, a CLI flag) naming where the key came from; a reason never quotes the key.
 */
import { KeyPair } from 'near-api-js';
import type { KeyPairString } from '@near-js/crypto';

export interface ParsedNearKey {
  secretKey: KeyPairString;
  publicKey: string;
  /** The account named in a credentials file, if any. */
  accountId?: string;
}

export function parseNearKey(text: string): { key: ParsedNearKey } | { reason: string } {
  const trimmed = text.trim();
  let secret = trimmed;
  let accountId: string | undefined;
  if (trimmed.startsWith('{')) {
    let json: Record<string, unknown>;
    try {
      json = JSON.parse(trimmed) as Record<string, unknown>;
    } catch {
      return { reason: 'is not valid JSON' };
    }
    const k = json['private_key'] ?? json['secret_key'];
    if (typeof k !== 'string') return { reason: 'has no private_key field' };
    secret = k;
    if (typeof json['account_id'] === 'string') accountId = json['account_id'];
  }
  if (!/^ed25519:[1-9A-HJ-NP-Za-km-z]{43,90}$/.test(secret)) return { reason: 'is not an ed25519:<base58> secret key' };
  let pair: KeyPair;
  try {
    pair = KeyPair.fromString(secret as KeyPairString);
  } catch {
    return { reason: 'is not a valid ed25519 secret key' };
  }
  return { key: { secretKey: secret as KeyPairString, publicKey: pair.getPublicKey().toString(), ...(accountId !== undefined && { accountId }) } };
}
