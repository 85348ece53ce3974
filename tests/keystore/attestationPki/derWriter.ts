/**
 * Tests only: a small DER writer, enough to mint X.509 certificates and CRLs shaped like
 * Intel's (node:crypto signs, but cannot create certificates).
 */
import { constants, sign, type KeyObject } from 'node:crypto';

export type Der = Buffer;

function len(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  const bytes: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

export const tlv = (tag: number, value: Uint8Array): Der => Buffer.concat([Buffer.from([tag]), len(value.length), value]);
export const seq = (...items: Der[]): Der => tlv(0x30, Buffer.concat(items));
export const set = (...items: Der[]): Der => tlv(0x31, Buffer.concat(items));
export const octets = (b: Uint8Array): Der => tlv(0x04, b);
export const bits = (b: Uint8Array): Der => tlv(0x03, Buffer.concat([Buffer.from([0]), b]));
export const utf8 = (s: string): Der => tlv(0x0c, Buffer.from(s, 'utf8'));
export const ia5 = (s: string): Der => tlv(0x16, Buffer.from(s, 'latin1'));
export const bool = (v: boolean): Der => tlv(0x01, Buffer.from([v ? 0xff : 0]));
export const explicit = (n: number, inner: Der): Der => tlv(0xa0 + n, inner);

export function int(v: number | bigint): Der {
  let hex = BigInt(v).toString(16);
  if (hex.length % 2) hex = `0${hex}`;
  let b = Buffer.from(hex, 'hex');
  if (b[0]! & 0x80) b = Buffer.concat([Buffer.from([0]), b]);
  return tlv(0x02, b);
}

export function oid(dotted: string): Der {
  const parts = dotted.split('.').map(Number);
  const out = [40 * parts[0]! + parts[1]!];
  for (const p of parts.slice(2)) {
    const stack = [p & 0x7f];
    for (let v = Math.floor(p / 128); v > 0; v = Math.floor(v / 128)) stack.unshift(0x80 | (v & 0x7f));
    out.push(...stack);
  }
  return tlv(0x06, Buffer.from(out));
}

export function time(d: Date): Der {
  const s = d.toISOString().replace(/[-:T]/g, '').slice(0, 14);
  return d.getUTCFullYear() < 2050 ? tlv(0x17, Buffer.from(`${s.slice(2)}Z`)) : tlv(0x18, Buffer.from(`${s}Z`));
}

export const name = (cn: string): Der => seq(set(seq(oid('2.5.4.3'), utf8(cn))), set(seq(oid('2.5.4.10'), utf8('Errand Test PKI'))));
const ECDSA_SHA256 = seq(oid('1.2.840.10045.4.3.2'));
const SHA384 = seq(oid('2.16.840.1.101.3.4.2.2'), tlv(0x05, Buffer.alloc(0)));
/** RSASSA-PSS with SHA-384, MGF1-SHA-384, salt 48: what AMD's ARK/ASK sign with. */
const RSA_PSS_SHA384 = seq(oid('1.2.840.113549.1.1.10'), seq(explicit(0, SHA384), explicit(1, seq(oid('1.2.840.113549.1.1.8'), SHA384)), explicit(2, int(48))));

export type SignatureAlgorithm = 'ecdsa-sha256' | 'rsa-pss-sha384';

function signWith(alg: SignatureAlgorithm, tbs: Der, key: KeyObject): Buffer {
  if (alg === 'ecdsa-sha256') return sign('sha256', tbs, key);
  return sign('sha384', tbs, { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 48 });
}

export interface CertSpec {
  serial: number;
  issuer: Der;
  subject: Der;
  notBefore: Date;
  notAfter: Date;
  publicKey: KeyObject;
  signer: KeyObject;
  ca: boolean;
  extensions?: Array<[string, Der]>;
  /** Default ecdsa-sha256. */
  algorithm?: SignatureAlgorithm;
}

export function certificate(s: CertSpec): Der {
  const spki = s.publicKey.export({ type: 'spki', format: 'der' });
  const exts = [seq(oid('2.5.29.19'), bool(true), octets(s.ca ? seq(bool(true)) : seq())), ...(s.extensions ?? []).map(([o, v]) => seq(oid(o), octets(v)))];
  const alg = s.algorithm ?? 'ecdsa-sha256';
  const algId = alg === 'ecdsa-sha256' ? ECDSA_SHA256 : RSA_PSS_SHA384;
  const tbs = seq(explicit(0, int(2)), int(s.serial), algId, s.issuer, seq(time(s.notBefore), time(s.notAfter)), s.subject, spki, explicit(3, seq(...exts)));
  return seq(tbs, algId, bits(signWith(alg, tbs, s.signer)));
}

export function crl(issuer: Der, signer: KeyObject, thisUpdate: Date, nextUpdate: Date, revoked: number[]): Der {
  const entries = revoked.length ? [seq(...revoked.map((r) => seq(int(r), time(thisUpdate))))] : [];
  const tbs = seq(int(1), ECDSA_SHA256, issuer, time(thisUpdate), time(nextUpdate), ...entries);
  return seq(tbs, ECDSA_SHA256, bits(sign('sha256', tbs, signer)));
}

export const pem = (der: Uint8Array): string =>
  `-----BEGIN CERTIFICATE-----\n${Buffer.from(der).toString('base64').replace(/.{64}/g, '$&\n').replace(/\n?$/, '\n')}-----END CERTIFICATE-----\n`;
