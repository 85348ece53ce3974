/**
 * Client-side encryption of a secrets entry to the keystore's public key for a scope: what
 * `errand secrets encrypt` and a future web page call. The keystore never sees plaintext on the
 * way in; only it (holding the scope's secret key) can open the result, and only for the same
 * scope and profile. Pure.
 */
import { ErrandError } from '../../common/errors/index.ts';
import { tryHexToBytes } from './bytes.ts';
import { sealEnvelope, X25519_KEY_BYTES, type EnvelopeText } from './envelope.ts';
import { encodeSecrets, type SecretsMap } from './secretsPlaintext.ts';
import { assertProfile, assertScope, secretsAssociatedData, type KeystoreScope } from './scope.ts';

/** Parses a scope public key given as 64 hex characters. */
export function parseScopePublicKey(hex: unknown): Uint8Array {
  const bytes = typeof hex === 'string' ? tryHexToBytes(hex.trim(), X25519_KEY_BYTES) : null;
  if (bytes === null) {
    throw new ErrandError('COMMON__INVALID_ARGUMENT', 'public key must be a 32-byte X25519 key in hex (64 characters)', {
      field: 'pubkey',
    });
  }
  return bytes;
}

export function encryptSecrets(publicKey: Uint8Array | string, scope: KeystoreScope, profile: string, secrets: SecretsMap): EnvelopeText {
  const key = typeof publicKey === 'string' ? parseScopePublicKey(publicKey) : publicKey;
  assertScope(scope);
  assertProfile(profile);
  return sealEnvelope(key, secretsAssociatedData(scope, profile), encodeSecrets(secrets));
}
