/**
 * Parses a DCAP quote: SGX v3, TDX v4 and v5 (ECDSA-P256 attestation key, Intel QE). Only the
 * layout is checked here; nothing is trusted until verifyDcapQuote has checked the signatures.
 * Every malformation (truncation, unknown version or body type) is a coded refusal. Bytes after the
 * signature data are ignored, as Intel's QVL does: real quote buffers are zero-padded, and nothing
 * there is signed or read.
 */
import { refuse, type QuoteKind } from '../refusal.ts';
import { QuoteReader } from './quoteReader.ts';
import { ENCLAVE_REPORT_SIZE, TD10_REPORT_SIZE, TD15_REPORT_SIZE, parseEnclaveReport, parseTdReport, type EnclaveReport, type TdReport } from './reports.ts';

export const TEE_TYPE_SGX = 0x00000000;
export const TEE_TYPE_TDX = 0x00000081;
const ECDSA_P256_KEY = 2;
const CERT_TYPE_QE_REPORT = 6;
const CERT_TYPE_PCK_CHAIN = 5;
const HEADER_SIZE = 48;
export const INTEL_QE_VENDOR_ID = '939a7233f79c4ca9940a0db3957f0607';

export type DcapQuote = (DcapQuoteCommon & { kind: 'sgx'; report: EnclaveReport }) | (DcapQuoteCommon & { kind: 'tdx'; report: TdReport });

interface DcapQuoteCommon {
  version: number;
  qeVendorId: string;
  /** Header and body: what the attestation key signs. */
  signedBytes: Uint8Array;
  signature: Uint8Array;
  /** Raw x||y of the P-256 attestation key. */
  attestationKey: Uint8Array;
  qeReport: EnclaveReport;
  qeReportSignature: Uint8Array;
  qeAuthData: Uint8Array;
  /** The PEM chain (PCK leaf, PCK CA, root) carried in the quote. */
  pckChainPem: string;
  /** Every byte of the signature data except the quote signature itself: the platform/QE part a cache may key on. */
  platformEvidence: Uint8Array;
}

export function detectDcapKind(bytes: Uint8Array): 'sgx' | 'tdx' | null {
  if (bytes.length < HEADER_SIZE) return null;
  const version = bytes[0]! | (bytes[1]! << 8);
  const tee = (bytes[4]! | (bytes[5]! << 8) | (bytes[6]! << 16)) + bytes[7]! * 0x1000000;
  if (version === 3 && tee === TEE_TYPE_SGX) return 'sgx';
  if ((version === 4 || version === 5) && tee === TEE_TYPE_TDX) return 'tdx';
  return null;
}

function readBody(r: QuoteReader, version: number, kind: QuoteKind): { report: Uint8Array } {
  if (version === 3) return { report: r.bytes(ENCLAVE_REPORT_SIZE, 'enclave report') };
  if (version === 4) return { report: r.bytes(TD10_REPORT_SIZE, 'td report') };
  const bodyType = r.u16('body type');
  const bodySize = r.u32('body size');
  const expected = bodyType === 2 ? TD10_REPORT_SIZE : bodyType === 3 ? TD15_REPORT_SIZE : -1;
  if (expected < 0 || bodySize !== expected) throw refuse(kind, 'QUOTE_VERSION_UNSUPPORTED', `v5 body type ${bodyType} size ${bodySize}`);
  return { report: r.bytes(bodySize, 'td report') };
}

export function parseDcapQuote(bytes: Uint8Array): DcapQuote {
  const kind = detectDcapKind(bytes);
  if (kind === null)
    throw refuse(bytes.length >= 2 && bytes[0] === 4 ? 'tdx' : 'sgx', bytes.length < HEADER_SIZE ? 'QUOTE_MALFORMED' : 'QUOTE_VERSION_UNSUPPORTED');
  const r = new QuoteReader(bytes, kind);
  const version = r.u16('version');
  if (r.u16('attestation key type') !== ECDSA_P256_KEY) throw refuse(kind, 'QUOTE_VERSION_UNSUPPORTED', 'attestation key is not ECDSA P-256');
  r.bytes(8, 'tee type, svns');
  const qeVendorId = Buffer.from(r.bytes(16, 'qe vendor id')).toString('hex');
  r.bytes(20, 'user data');
  const { report } = readBody(r, version, kind);
  const signedBytes = bytes.subarray(0, r.offset);
  const sigLen = r.u32('signature data length');
  const sigStart = r.offset;
  const signature = r.bytes(64, 'quote signature');
  const attestationKey = r.bytes(64, 'attestation key');
  const evidenceStart = r.offset;
  let certDataEnd = sigStart + sigLen;
  if (version !== 3) {
    if (r.u16('certification data type') !== CERT_TYPE_QE_REPORT) throw refuse(kind, 'QUOTE_MALFORMED', 'expected QE report certification data');
    const size = r.u32('certification data size');
    certDataEnd = r.offset + size;
  }
  const qeReport = parseEnclaveReport(r.bytes(ENCLAVE_REPORT_SIZE, 'qe report'));
  const qeReportSignature = r.bytes(64, 'qe report signature');
  const qeAuthData = r.bytes(r.u16('qe auth data size'), 'qe auth data');
  if (r.u16('pck certification data type') !== CERT_TYPE_PCK_CHAIN) throw refuse(kind, 'QUOTE_MALFORMED', 'expected a PCK certificate chain');
  const pck = r.bytes(r.u32('pck chain size'), 'pck chain');
  if (r.offset !== sigStart + sigLen || r.offset !== certDataEnd) throw refuse(kind, 'QUOTE_MALFORMED', 'a length field does not match its content');
  const common: DcapQuoteCommon = {
    version,
    qeVendorId,
    signedBytes,
    signature,
    attestationKey,
    qeReport,
    qeReportSignature,
    qeAuthData,
    pckChainPem: Buffer.from(pck).toString('latin1'),
    platformEvidence: bytes.subarray(evidenceStart - 64, r.offset),
  };
  return kind === 'sgx' ? { ...common, kind, report: parseEnclaveReport(report) } : { ...common, kind, report: parseTdReport(report) };
}
