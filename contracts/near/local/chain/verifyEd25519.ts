/**
 * Ed25519 signature check for transactions, with Node's native crypto (OpenSSL) instead of the
 * pure-JS @noble/curves one: every submitted transaction is verified, and the JS verify (about a
 * millisecond of CPU each) was a large share of the local chain's cost under load. Public keys are
 * imported once and kept (bounded), since a few accounts sign nearly everything.
 * Does not promise: bit-for-bit agreement with nearcore's ed25519-dalek on malleable or
 * non-canonical encodings; both accept every signature a correct signer produces.
 */
import { createPublicKey, verify, type KeyObject } from 'node:crypto';

/** DER SubjectPublicKeyInfo prefix of an Ed25519 key (RFC 8410); the 32 raw bytes follow. */
const SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');
const MAX_KEYS = 4096;
const keys = new Map<string, KeyObject>();

function keyObject(publicKey: Uint8Array): KeyObject {
  const id = Buffer.from(publicKey).toString('hex');
  let key = keys.get(id);
  if (!key) {
    key = createPublicKey({ key: Buffer.concat([SPKI_PREFIX, publicKey]), format: 'der', type: 'spki' });
    if (keys.size >= MAX_KEYS) keys.delete(keys.keys().next().value as string);
    keys.set(id, key);
  }
  return key;
}

/** Whether `signature` is a valid Ed25519 signature of `message` by the 32-byte `publicKey`. */
export function verifyEd25519(signature: Uint8Array, message: Uint8Array, publicKey: Uint8Array): boolean {
  if (publicKey.length !== 32 || signature.length !== 64) return false;
  try {
    return verify(null, message, keyObject(publicKey), signature);
  } catch {
    return false; // not a point on the curve
  }
}
