/**
 * A minimal DER reader: enough to walk X.509 certificates, CRLs and the vendor extensions (Intel
 * SGX, AMD SEV) that node:crypto's X509Certificate does not expose. It reads definite-length TLVs
 * only (DER has no other kind) and bounds every length by the enclosing buffer, so hostile bytes
 * end in a thrown DerError, never an over-read or an unbounded loop. It does not validate full
 * DER canonicity; signatures are verified by node:crypto over the exact bytes this reader slices.
 */

export class DerError extends Error {
  override readonly name = 'DerError';
}

export interface Tlv {
  tag: number;
  /** The whole element (tag, length and value): what a signature covers. */
  raw: Uint8Array;
  value: Uint8Array;
}

export const TAG = {
  BOOLEAN: 0x01,
  INTEGER: 0x02,
  BIT_STRING: 0x03,
  OCTET_STRING: 0x04,
  NULL: 0x05,
  OID: 0x06,
  ENUMERATED: 0x0a,
  UTF8_STRING: 0x0c,
  PRINTABLE_STRING: 0x13,
  IA5_STRING: 0x16,
  UTC_TIME: 0x17,
  GENERALIZED_TIME: 0x18,
  SEQUENCE: 0x30,
  SET: 0x31,
} as const;

/** Reads one TLV at `offset`; returns it and the offset after it. */
export function readTlv(buf: Uint8Array, offset = 0): { tlv: Tlv; next: number } {
  if (offset + 2 > buf.length) throw new DerError('truncated tag');
  const tag = buf[offset]!;
  if ((tag & 0x1f) === 0x1f) throw new DerError('multi-byte tags are not supported');
  let len = buf[offset + 1]!;
  let header = 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    if (n === 0 || n > 4) throw new DerError('unsupported length encoding');
    if (offset + 2 + n > buf.length) throw new DerError('truncated length');
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + buf[offset + 2 + i]!;
    header += n;
  }
  const end = offset + header + len;
  if (end > buf.length) throw new DerError('element runs past its container');
  return { tlv: { tag, raw: buf.subarray(offset, end), value: buf.subarray(offset + header, end) }, next: end };
}

/** The one TLV that must fill `buf` exactly. */
export function readSingle(buf: Uint8Array, expectTag?: number): Tlv {
  const { tlv, next } = readTlv(buf, 0);
  if (next !== buf.length) throw new DerError('trailing bytes after element');
  if (expectTag !== undefined && tlv.tag !== expectTag) throw new DerError(`expected tag 0x${expectTag.toString(16)}, got 0x${tlv.tag.toString(16)}`);
  return tlv;
}

/** The children of a constructed element. */
export function children(tlv: Tlv): Tlv[] {
  const out: Tlv[] = [];
  let off = 0;
  while (off < tlv.value.length) {
    const { tlv: child, next } = readTlv(tlv.value, off);
    out.push(child);
    off = next;
  }
  return out;
}

export function expectTag(tlv: Tlv | undefined, tag: number, what: string): Tlv {
  if (!tlv || tlv.tag !== tag) throw new DerError(`${what}: expected tag 0x${tag.toString(16)}`);
  return tlv;
}

export function decodeOid(tlv: Tlv): string {
  const v = expectTag(tlv, TAG.OID, 'oid').value;
  if (v.length === 0) throw new DerError('empty oid');
  const parts: number[] = [];
  let acc = 0;
  for (let i = 0; i < v.length; i++) {
    acc = acc * 128 + (v[i]! & 0x7f);
    if (acc > Number.MAX_SAFE_INTEGER / 128) throw new DerError('oid arc too large');
    if (!(v[i]! & 0x80)) {
      if (parts.length === 0) parts.push(acc < 80 ? Math.floor(acc / 40) : 2, acc < 80 ? acc % 40 : acc - 80);
      else parts.push(acc);
      acc = 0;
    }
  }
  if (v[v.length - 1]! & 0x80) throw new DerError('truncated oid');
  return parts.join('.');
}

/** A non-negative INTEGER or ENUMERATED that fits a JS number. */
export function decodeSmallInt(tlv: Tlv): number {
  if (tlv.tag !== TAG.INTEGER && tlv.tag !== TAG.ENUMERATED) throw new DerError('expected integer');
  const v = tlv.value;
  if (v.length === 0 || v.length > 6 || v[0]! & 0x80) throw new DerError('integer out of range');
  let n = 0;
  for (const b of v) n = n * 256 + b;
  return n;
}

/** An INTEGER's magnitude as lowercase hex without leading zero bytes (certificate serials). */
export function integerHex(tlv: Tlv): string {
  let v = expectTag(tlv, TAG.INTEGER, 'integer').value;
  while (v.length > 1 && v[0] === 0) v = v.subarray(1);
  return Buffer.from(v).toString('hex');
}

export function decodeTime(tlv: Tlv): Date {
  const s = Buffer.from(tlv.value).toString('latin1');
  let m: RegExpMatchArray | null;
  if (tlv.tag === TAG.UTC_TIME && (m = /^(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)Z$/.exec(s))) {
    const yy = Number(m[1]);
    return new Date(Date.UTC(yy >= 50 ? 1900 + yy : 2000 + yy, Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6])));
  }
  if (tlv.tag === TAG.GENERALIZED_TIME && (m = /^(\d{4})(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)Z$/.exec(s))) {
    return new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6])));
  }
  throw new DerError('unsupported time encoding');
}

/** A BIT STRING's bytes (unused-bits count must be 0: signatures and keys). */
export function bitStringBytes(tlv: Tlv): Uint8Array {
  const v = expectTag(tlv, TAG.BIT_STRING, 'bit string').value;
  if (v.length < 1 || v[0] !== 0) throw new DerError('bit string with unused bits');
  return v.subarray(1);
}
