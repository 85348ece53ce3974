/**
 * Strict byte encodings shared by the keystore and its clients (CLI, worker, a future web page):
 * hex, base64 and a canonical length-prefixed encoding of string fields. Pure: no Node-only APIs
 * (atob/btoa/TextEncoder exist in browsers and Node). Decoders check the alphabet and length before
 * decoding and throw the caller's coded error; they never "repair" input.
 */
import { ErrandError } from '../../common/errors/index.ts';
import { concatBytes } from '@noble/hashes/utils.js';

const HEX = /^(?:[0-9a-fA-F]{2})*$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

export function bytesToHex(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) out += b.toString(16).padStart(2, '0');
  return out;
}

/** Decodes hex of exactly `length` bytes (when given); returns null on any malformation. */
export function tryHexToBytes(hex: string, length?: number): Uint8Array | null {
  if (typeof hex !== 'string' || !HEX.test(hex)) return null;
  if (length !== undefined && hex.length !== length * 2) return null;
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
}

export function bytesToBase64(bytes: Uint8Array): string {
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin);
}

/** Decodes canonical padded base64 (standard alphabet); returns null on any malformation. */
export function tryBase64ToBytes(text: string, maxBytes: number): Uint8Array | null {
  if (typeof text !== 'string' || text.length > Math.ceil(maxBytes / 3) * 4 || !BASE64.test(text)) return null;
  const bin = atob(text);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  // Reject non-canonical encodings (non-zero padding bits) so one envelope has one text form.
  if (bytesToBase64(out) !== text) return null;
  return out;
}

const encoder = new TextEncoder();

export function utf8(text: string): Uint8Array {
  return encoder.encode(text);
}

export { concatBytes };

/**
 * Canonical encoding of a list of optional strings: each field is a 4-byte big-endian length
 * followed by its UTF-8 bytes; `null` is the length 0xFFFFFFFF with no bytes, so null and "" differ
 * and no two different lists encode alike.
 */
export function canonicalFields(fields: ReadonlyArray<string | null>): Uint8Array {
  const parts: Uint8Array[] = [];
  for (const field of fields) {
    const len = new Uint8Array(4);
    const view = new DataView(len.buffer);
    if (field === null) {
      view.setUint32(0, 0xffffffff);
      parts.push(len);
      continue;
    }
    const bytes = utf8(field);
    view.setUint32(0, bytes.length);
    parts.push(len, bytes);
  }
  return concatBytes(...parts);
}

/** Constant-time-ish equality for fixed-size values (lengths are public). */
export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= (a[i] as number) ^ (b[i] as number);
  return diff === 0;
}

export function invalidArgument(field: string, message: string): ErrandError {
  return new ErrandError('COMMON__INVALID_ARGUMENT', message, { field, issues: [message] });
}
