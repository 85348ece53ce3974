/** Little-endian u128 and public-key conversions between guest memory and the chain's strings. */
import { base58Decode, base58Encode } from '../chain/base58.ts';
import { HostError } from './HostError.ts';

export function u128ToBytes(value: bigint): Uint8Array {
  const out = new Uint8Array(16);
  let v = value;
  for (let i = 0; i < 16; i++) {
    out[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  return out;
}

export function bytesToU128(bytes: Uint8Array): bigint {
  let v = 0n;
  for (let i = 15; i >= 0; i--) v = (v << 8n) | BigInt(bytes[i] ?? 0);
  return v;
}

/** Borsh PublicKey bytes (type byte + key) to `ed25519:<base58>`; only ed25519 is supported. */
export function publicKeyFromBorsh(bytes: Uint8Array): string {
  if (bytes.length !== 33 || bytes[0] !== 0) throw HostError.execution('InvalidPublicKey');
  return `ed25519:${base58Encode(bytes.subarray(1))}`;
}

export function publicKeyToBorsh(publicKey: string): Uint8Array {
  const data = base58Decode(publicKey.replace(/^ed25519:/, ''));
  const out = new Uint8Array(33);
  out.set(data, 1);
  return out;
}

export function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('hex');
}

export function fromHex(s: string): Uint8Array {
  return new Uint8Array(Buffer.from(s, 'hex'));
}
