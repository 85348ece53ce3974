/**
 * One entry point for an operator holding evidence bytes: detects the kind (DCAP quote header ->
 * TDX or SGX; a 0x4A0-byte report with signature algorithm 1 -> SEV-SNP; hex text, with or without
 * 0x, is decoded first), verifies it with the given collateral or VCEK/chain, applies an optional measurement
 * allowlist, and returns one verdict: "ok" or the refusal reason. Unreadable input (unknown kind,
 * missing collateral for the kind) throws COMMON__INVALID_ARGUMENT.
 */
import { X509Certificate } from 'node:crypto';
import { ErrandError, isErrandError } from '../../common/errors/index.ts';
import { parseDcapCollateral } from './dcap/collateral.ts';
import { detectDcapKind, parseDcapQuote } from './dcap/parseQuote.ts';
import type { TcbStatus } from './dcap/tcbInfoSchema.ts';
import { verifyDcapQuote } from './dcap/verifyDcapQuote.ts';
import type { QuoteKind } from './refusal.ts';
import { looksLikeSnpReport } from './snp/parseSnpReport.ts';
import { verifySnpReport } from './snp/verifySnpReport.ts';
import { teeMeasurementKey } from './teeBinding.ts';

export interface EvidenceInput {
  evidence: Uint8Array;
  /** DCAP: the collateral JSON (already JSON.parse'd). */
  collateral?: unknown;
  /** SNP: VCEK (DER or PEM) and ASK+ARK chain (PEM). */
  vcek?: Uint8Array;
  chainPem?: string;
  now: Date;
  allowMeasurements?: readonly string[];
  acceptedStatuses?: ReadonlySet<TcbStatus>;
  allowDebug?: boolean;
}

export interface EvidenceVerdict {
  kind: QuoteKind;
  verdict: string;
  tcbStatus: string | null;
  measurements: Record<string, string> | null;
  reportData: string | null;
}

function invalidArgument(message: string): ErrandError {
  return new ErrandError('COMMON__INVALID_ARGUMENT', message, { field: 'quote' });
}

/** Quote files come as raw bytes or as hex text (dstack's and PCCS tools' output). */
export function evidenceBytes(file: Uint8Array): Uint8Array {
  const text = Buffer.from(file).toString('latin1').trim().replace(/^0x/, '');
  return /^(?:[0-9a-fA-F]{2})+$/.test(text) && text.length >= 96 ? Buffer.from(text, 'hex') : file;
}

export function detectEvidenceKind(bytes: Uint8Array): QuoteKind | null {
  return looksLikeSnpReport(bytes) ? 'sev-snp' : detectDcapKind(bytes);
}

export function verifyEvidence(input: EvidenceInput): EvidenceVerdict {
  const bytes = evidenceBytes(input.evidence);
  const kind = detectEvidenceKind(bytes);
  if (kind === null) throw invalidArgument('the quote is neither a DCAP quote (TDX v4/v5, SGX v3) nor an SEV-SNP report');
  let result: { tcbStatus: string | null; measurements: Record<string, string>; reportData: string };
  try {
    if (kind === 'sev-snp') {
      if (!input.vcek) throw invalidArgument('an SEV-SNP report needs --vcek and --chain');
      const chain = input.chainPem ? parseChainPem(input.chainPem) : undefined;
      const vcekDer = vcekBytes(input.vcek);
      result = verifySnpReport(bytes, vcekDer, { now: input.now, allowDebug: input.allowDebug ?? false, ...(chain && { chain }) });
    } else {
      if (input.collateral === undefined) throw invalidArgument('a DCAP quote needs --collateral');
      const policy = { now: input.now, allowDebug: input.allowDebug ?? false, ...(input.acceptedStatuses && { acceptedStatuses: input.acceptedStatuses }) };
      result = verifyDcapQuote(parseDcapQuote(bytes), parseDcapCollateral(input.collateral, kind), policy);
    }
  } catch (e) {
    if (isErrandError(e, 'KEYSTORE__QUOTE_REFUSED'))
      return { kind, verdict: e.context.reason, tcbStatus: tcbStatusOf(e), measurements: null, reportData: null };
    throw e;
  }
  const allowed = input.allowMeasurements?.map((m) => m.toLowerCase());
  const verdict = allowed && allowed.length > 0 && !allowed.includes(teeMeasurementKey(result.measurements)) ? 'MEASUREMENT_NOT_ALLOWED' : 'ok';
  return { kind, verdict, tcbStatus: result.tcbStatus, measurements: result.measurements, reportData: result.reportData };
}

function parseChainPem(pem: string): X509Certificate[] {
  try {
    return (pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? []).map((p) => new X509Certificate(p));
  } catch {
    throw new ErrandError('COMMON__INVALID_ARGUMENT', '--chain holds a certificate that does not parse', { field: 'chain' });
  }
}

/** A VCEK given as PEM is converted to DER; anything else is passed on as DER (and refused there if it is not one). */
function vcekBytes(vcek: Uint8Array): Uint8Array {
  if (!Buffer.from(vcek.subarray(0, 64)).toString('latin1').includes('-----BEGIN')) return vcek;
  try {
    return new X509Certificate(vcek).raw;
  } catch {
    return vcek;
  }
}

/** A status refusal names the status it found; the verdict line reports it. */
function tcbStatusOf(e: ErrandError<'KEYSTORE__QUOTE_REFUSED'>): string | null {
  if (e.context.reason !== 'TCB_STATUS_NOT_ACCEPTED') return null;
  return /\((\w+)\)$/.exec(e.message)?.[1] ?? null;
}
