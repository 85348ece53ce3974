/**
 * The keystore's key material, behind an interface: per-scope X25519 key pairs derived from the
 * master secret by HKDF-SHA256 (salt "errand/keystore/master/v1", info = canonical scope). Callers
 * get public keys and decrypted secrets, never a secret key or the master secret. Deriving is cheap
 * and deterministic, so nothing is cached and nothing is written anywhere.
 */
import { x25519 } from '@noble/curves/ed25519.js';
import { hkdf } from '@noble/hashes/hkdf.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { utf8 } from '../envelope/bytes.ts';
import { openEnvelope, type ParsedEnvelope } from '../envelope/envelope.ts';
import { decodeSecrets, type SecretsMap } from '../envelope/secretsPlaintext.ts';
import { assertProfile, assertScope, scopeKeyInfo, secretsAssociatedData, type KeystoreScope } from '../envelope/scope.ts';
import { MIN_MASTER_SECRET_BYTES } from './masterSecret.ts';
import { ErrandError } from '../../common/errors/index.ts';

const MASTER_SALT = utf8('errand/keystore/master/v1');

export interface ScopeKeyring {
  publicKey(scope: KeystoreScope): Uint8Array;
  /** Opens a secrets envelope made for exactly this scope and profile. */
  openSecrets(envelope: ParsedEnvelope, scope: KeystoreScope, profile: string): SecretsMap;
}

export function createScopeKeyring(masterSecret: Uint8Array): ScopeKeyring {
  if (masterSecret.length < MIN_MASTER_SECRET_BYTES) {
    throw new ErrandError('KEYSTORE__MASTER_SECRET_INVALID', 'master secret too short', { reason: 'too_short' });
  }
  const master = masterSecret.slice(); // own copy: the caller may wipe theirs
  const secretKeyFor = (scope: KeystoreScope): Uint8Array => {
    assertScope(scope);
    return hkdf(sha256, master, MASTER_SALT, scopeKeyInfo(scope), 32);
  };
  return {
    publicKey(scope) {
      const sk = secretKeyFor(scope);
      try {
        return x25519.getPublicKey(sk);
      } finally {
        sk.fill(0);
      }
    },
    openSecrets(envelope, scope, profile) {
      assertProfile(profile);
      const sk = secretKeyFor(scope);
      try {
        const pk = x25519.getPublicKey(sk);
        const plaintext = openEnvelope(envelope, sk, pk, secretsAssociatedData(scope, profile));
        try {
          return decodeSecrets(plaintext);
        } finally {
          plaintext.fill(0);
        }
      } finally {
        sk.fill(0);
      }
    },
  };
}
