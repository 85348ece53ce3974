/** The few borsh encodings the secrets instructions use (little-endian lengths, UTF-8 strings). */
import { concatBytes as concat } from '../../../common/bytes.ts';

const utf8 = new TextEncoder();

export function u32le(n: number): Uint8Array {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setUint32(0, n, true);
  return b;
}

export function borshBytes(bytes: Uint8Array): Uint8Array {
  return concat([u32le(bytes.length), bytes]);
}

export function borshString(s: string): Uint8Array {
  return borshBytes(utf8.encode(s));
}

export function borshOptionString(s: string | null): Uint8Array {
  return s === null ? Uint8Array.of(0) : concat([Uint8Array.of(1), borshString(s)]);
}
