/** A raw x||y P-256 public key (as DCAP quotes carry it) as a node:crypto key; a point off the curve is null. */
import { createPublicKey, verify, type KeyObject } from 'node:crypto';

export function rawP256Key(xy: Uint8Array): KeyObject | null {
  if (xy.length !== 64) return null;
  try {
    const b64 = (b: Uint8Array) => Buffer.from(b).toString('base64url');
    return createPublicKey({ key: { kty: 'EC', crv: 'P-256', x: b64(xy.subarray(0, 32)), y: b64(xy.subarray(32)) }, format: 'jwk' });
  } catch {
    return null;
  }
}

/** ECDSA-SHA256 with a raw r||s signature; false on any malformation. */
export function verifyP1363(data: Uint8Array, key: KeyObject | null, signature: Uint8Array, hash = 'sha256'): boolean {
  if (!key) return false;
  try {
    return verify(hash, data, { key, dsaEncoding: 'ieee-p1363' }, signature);
  } catch {
    return false;
  }
}
