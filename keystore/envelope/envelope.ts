/**
 * The one keystore envelope format (v1), used both for secrets encrypted to a scope key and for
 * secrets sealed to a worker's one-time key:
 *
 *   version (1 byte = 0x01) | ephemeral X25519 public key (32) | nonce (24) | XChaCha20-Poly1305 ciphertext+tag
 *
 * The AEAD key is HKDF-SHA256(ikm = X25519(ephemeral, recipient), salt = ephemeralPub || recipientPub,
 * info = "errand/keystore/envelope/v1"); the caller supplies associated data that binds the context
 * (scope + profile, or request + nonce). There is no other version and no fallback. Parsing checks
 * the type, the text length, the alphabet and the byte layout before anything is decrypted. Pure.
 */
import { xchacha20poly1305 } from '@noble/ciphers/chacha.js';
import { randomBytes } from '@noble/ciphers/utils.js';
import { x25519 } from '@noble/curves/ed25519.js';
import { hkdf } from '@noble/hashes/hkdf.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { ErrandError } from '../../common/errors/index.ts';
import type { Brand } from '../../common/types/index.ts';
import { bytesToBase64, concatBytes, tryBase64ToBytes, utf8 } from './bytes.ts';

export const ENVELOPE_VERSION = 1;
export const X25519_KEY_BYTES = 32;
export const NONCE_BYTES = 24;
export const TAG_BYTES = 16;
const HEADER_BYTES = 1 + X25519_KEY_BYTES + NONCE_BYTES;
/** Largest plaintext an envelope may carry: secrets are environment variables, not files. */
export const MAX_PLAINTEXT_BYTES = 64 * 1024;
export const MAX_ENVELOPE_BYTES = HEADER_BYTES + MAX_PLAINTEXT_BYTES + TAG_BYTES;
const KDF_INFO = utf8('errand/keystore/envelope/v1');

/** Base64 text that passed `parseEnvelope`'s shape checks (not yet authenticated). */
export type EnvelopeText = Brand<string, 'KeystoreEnvelopeText'>;

export interface ParsedEnvelope {
  text: EnvelopeText;
  ephemeralPublicKey: Uint8Array;
  nonce: Uint8Array;
  ciphertext: Uint8Array;
}

function invalid(reason: string): ErrandError {
  return new ErrandError('KEYSTORE__ENVELOPE_INVALID', `invalid keystore envelope: ${reason}`, { reason });
}

/** Checks an untrusted envelope's shape; throws KEYSTORE__ENVELOPE_INVALID on anything malformed. */
export function parseEnvelope(value: unknown): ParsedEnvelope {
  if (typeof value !== 'string') throw invalid('not a string');
  const bytes = tryBase64ToBytes(value, MAX_ENVELOPE_BYTES);
  if (bytes === null) throw invalid('not canonical base64 or too long');
  if (bytes.length < HEADER_BYTES + TAG_BYTES) throw invalid('too short');
  if (bytes[0] !== ENVELOPE_VERSION) throw invalid(`unknown version ${bytes[0]}`);
  return {
    text: value as EnvelopeText,
    ephemeralPublicKey: bytes.slice(1, 1 + X25519_KEY_BYTES),
    nonce: bytes.slice(1 + X25519_KEY_BYTES, HEADER_BYTES),
    ciphertext: bytes.slice(HEADER_BYTES),
  };
}

function aeadKey(shared: Uint8Array, ephemeralPublicKey: Uint8Array, recipientPublicKey: Uint8Array): Uint8Array {
  return hkdf(sha256, shared, concatBytes(ephemeralPublicKey, recipientPublicKey), KDF_INFO, 32);
}

/** Encrypts `plaintext` to `recipientPublicKey` with a fresh ephemeral key; returns base64. */
export function sealEnvelope(recipientPublicKey: Uint8Array, associatedData: Uint8Array, plaintext: Uint8Array): EnvelopeText {
  if (!(recipientPublicKey instanceof Uint8Array) || recipientPublicKey.length !== X25519_KEY_BYTES) {
    throw new ErrandError('COMMON__INVALID_ARGUMENT', 'recipient public key must be 32 bytes', { field: 'publicKey' });
  }
  if (plaintext.length > MAX_PLAINTEXT_BYTES) {
    throw new ErrandError('KEYSTORE__SECRETS_INVALID', `secrets exceed ${MAX_PLAINTEXT_BYTES} bytes`, { reason: 'too_large' });
  }
  const ephemeral = x25519.keygen();
  let shared: Uint8Array;
  try {
    shared = x25519.getSharedSecret(ephemeral.secretKey, recipientPublicKey);
  } catch {
    // A low-order point yields an all-zero secret: never encrypt to it.
    throw new ErrandError('COMMON__INVALID_ARGUMENT', 'recipient public key is not a usable X25519 key', { field: 'publicKey' });
  } finally {
    ephemeral.secretKey.fill(0);
  }
  const nonce = randomBytes(NONCE_BYTES);
  const key = aeadKey(shared, ephemeral.publicKey, recipientPublicKey);
  const ciphertext = xchacha20poly1305(key, nonce, associatedData).encrypt(plaintext);
  key.fill(0);
  shared.fill(0);
  return bytesToBase64(concatBytes(Uint8Array.of(ENVELOPE_VERSION), ephemeral.publicKey, nonce, ciphertext)) as EnvelopeText;
}

/**
 * Opens a parsed envelope with the recipient's secret key. Any failure — a bad ephemeral key, a
 * tampered byte, a different associated data (another scope or profile) — is one coded
 * KEYSTORE__DECRYPT_FAILED, so callers cannot learn which.
 */
export function openEnvelope(envelope: ParsedEnvelope, recipientSecretKey: Uint8Array, recipientPublicKey: Uint8Array, associatedData: Uint8Array): Uint8Array {
  let shared: Uint8Array | undefined;
  let key: Uint8Array | undefined;
  try {
    shared = x25519.getSharedSecret(recipientSecretKey, envelope.ephemeralPublicKey);
    key = aeadKey(shared, envelope.ephemeralPublicKey, recipientPublicKey);
    return xchacha20poly1305(key, envelope.nonce, associatedData).decrypt(envelope.ciphertext);
  } catch {
    throw new ErrandError('KEYSTORE__DECRYPT_FAILED', 'envelope did not authenticate for this scope', { reason: 'aead' });
  } finally {
    shared?.fill(0);
    key?.fill(0);
  }
}
