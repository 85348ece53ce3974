/**
 * The SEV-SNP attestation report (AMD SEV-SNP ABI spec, table "ATTESTATION_REPORT", 0x4A0 bytes):
 * the fields the verifier checks, and the signed range 0x000..0x29F. The signature's r and s are
 * stored little-endian in 72-byte fields; `signatureP1363` is them reversed to big-endian r||s.
 */
import { refuse } from '../refusal.ts';

export const SNP_REPORT_SIZE = 0x4a0;
const SIGNED_END = 0x2a0;

export interface SnpReport {
  version: number;
  guestSvn: number;
  policy: bigint;
  vmpl: number;
  signatureAlgo: number;
  reportData: Uint8Array;
  measurement: Uint8Array;
  hostData: Uint8Array;
  /** The TCB the VCEK is derived from (8 bytes, little-endian u64). */
  reportedTcb: Uint8Array;
  chipId: Uint8Array;
  signedBytes: Uint8Array;
  signatureP1363: Uint8Array;
}

function beFromLe(b: Uint8Array, len: number): Uint8Array {
  if (b.subarray(len).some((x) => x !== 0)) return new Uint8Array(0);
  return Uint8Array.from(b.subarray(0, len)).reverse();
}

export function looksLikeSnpReport(bytes: Uint8Array): boolean {
  if (bytes.length !== SNP_REPORT_SIZE) return false;
  const v = Buffer.from(bytes.subarray(0, 4)).readUInt32LE(0);
  return v >= 2 && v <= 5 && Buffer.from(bytes.subarray(0x34, 0x38)).readUInt32LE(0) === 1;
}

export function parseSnpReport(bytes: Uint8Array): SnpReport {
  if (bytes.length < SNP_REPORT_SIZE) throw refuse('sev-snp', 'QUOTE_MALFORMED', `${bytes.length} bytes`);
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, SNP_REPORT_SIZE);
  const version = b.readUInt32LE(0);
  const signatureAlgo = b.readUInt32LE(0x34);
  if (version < 2 || version > 5 || signatureAlgo !== 1) throw refuse('sev-snp', 'QUOTE_VERSION_UNSUPPORTED', `version ${version}, algorithm ${signatureAlgo}`);
  const r = beFromLe(b.subarray(0x2a0, 0x2a0 + 72), 48);
  const s = beFromLe(b.subarray(0x2e8, 0x2e8 + 72), 48);
  return {
    version,
    guestSvn: b.readUInt32LE(4),
    policy: b.readBigUInt64LE(8),
    vmpl: b.readUInt32LE(0x30),
    signatureAlgo,
    reportData: b.subarray(0x50, 0x90),
    measurement: b.subarray(0x90, 0xc0),
    hostData: b.subarray(0xc0, 0xe0),
    reportedTcb: b.subarray(0x180, 0x188),
    chipId: b.subarray(0x1a0, 0x1e0),
    signedBytes: b.subarray(0, SIGNED_END),
    signatureP1363: r.length && s.length ? Buffer.concat([r, s]) : new Uint8Array(0),
  };
}
