/**
 * Where a NEAR signing key for a CLI comes from: a key file (NEAR CLI's credentials JSON
 * `{"account_id","public_key","private_key"}`, or a file holding just `ed25519:...`), or the
 * NEAR_PRIVATE_KEY environment variable. The key is checked to be a well-formed ed25519 key; it is
 * never put in an error message, a log line or the output - errors name only where it came from.
 */
import { readFileSync } from 'node:fs';
import { KeyPair } from 'near-api-js';
import type { KeyPairString } from '@near-js/crypto';
import { ErrandError } from '../../common/errors/index.ts';

export interface LoadedNearKey {
  secretKey: KeyPairString;
  publicKey: string;
  /** The account named in a credentials file, if any. */
  accountId?: string;
}

function bad(source: string, reason: string): ErrandError {
  return new ErrandError('COMMON__INVALID_ARGUMENT', `the NEAR key from ${source} ${reason}`, { field: 'key', issues: [`${source}: ${reason}`] });
}

function parseKey(text: string, source: string): LoadedNearKey {
  const trimmed = text.trim();
  let secret = trimmed;
  let accountId: string | undefined;
  if (trimmed.startsWith('{')) {
    let json: Record<string, unknown>;
    try {
      json = JSON.parse(trimmed) as Record<string, unknown>;
    } catch {
      throw bad(source, 'is not valid JSON');
    }
    const k = json['private_key'] ?? json['secret_key'];
    if (typeof k !== 'string') throw bad(source, 'has no private_key field');
    secret = k;
    if (typeof json['account_id'] === 'string') accountId = json['account_id'];
  }
  if (!/^ed25519:[1-9A-HJ-NP-Za-km-z]{43,90}$/.test(secret)) throw bad(source, 'is not an ed25519:<base58> secret key');
  let pair: KeyPair;
  try {
    pair = KeyPair.fromString(secret as KeyPairString);
  } catch {
    throw bad(source, 'is not a valid ed25519 secret key');
  }
  return { secretKey: secret as KeyPairString, publicKey: pair.getPublicKey().toString(), ...(accountId !== undefined && { accountId }) };
}

/** The key from `keyFile` if given, else from NEAR_PRIVATE_KEY; null when neither is set. */
export function loadNearKey(keyFile: string | undefined, env: NodeJS.ProcessEnv = process.env): LoadedNearKey | null {
  if (keyFile !== undefined) {
    let text: string;
    try {
      text = readFileSync(keyFile, 'utf8');
    } catch (e) {
      throw bad(`--key-file ${keyFile}`, `cannot be read (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
    }
    return parseKey(text, `--key-file ${keyFile}`);
  }
  const fromEnv = env['NEAR_PRIVATE_KEY'];
  return fromEnv ? parseKey(fromEnv, 'NEAR_PRIVATE_KEY') : null;
}
