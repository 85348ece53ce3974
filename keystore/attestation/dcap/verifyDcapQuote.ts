/**
 * DCAP quote verification end to end: collateral (verifyCollateral), platform (verifyPlatform,
 * cacheable), then this quote's own checks — the attestation key's ECDSA-P256 signature over
 * header and body, TCB level matching (with the TD report's TEE_TCB_SVN and module identity for
 * TDX), the TD/enclave attribute policy and the accepted TCB statuses. Binding to a session and
 * the measurement allowlist are the caller's (bindingPolicy).
 */
import type { X509Certificate } from 'node:crypto';
import { refuse } from '../refusal.ts';
import type { DcapCollateral } from './collateral.ts';
import { rawP256Key, verifyP1363 } from './ecdsaKeys.ts';
import { INTEL_SGX_ROOT_CA } from './intelRootCa.ts';
import type { DcapQuote } from './parseQuote.ts';
import { checkEnclaveAttributes, checkTdAttributes } from './tdAttributes.ts';
import { matchPlatformTcb, mergeStatus } from './tcbMatch.ts';
import type { TcbStatus } from './tcbInfoSchema.ts';
import { verifyCollateral, type TrustedCollateral } from './verifyCollateral.ts';
import { verifyPlatform, type VerifiedPlatform } from './verifyPlatform.ts';

export interface DcapPolicy {
  now: Date;
  /** Default: the pinned Intel SGX Root CA. */
  trustedRoots?: readonly X509Certificate[];
  /** Default: UpToDate only. */
  acceptedStatuses?: ReadonlySet<TcbStatus>;
  allowDebug?: boolean;
}

export interface DcapResult {
  kind: 'tdx' | 'sgx';
  tcbStatus: TcbStatus;
  advisoryIds: string[];
  fmspc: string;
  /** TDX: mrtd, rtmr0..3 (+ mrconfigid, mrowner); SGX: mrenclave, mrsigner. Lowercase hex. */
  measurements: Record<string, string>;
  reportData: string;
}

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

export function measurementsOf(q: DcapQuote): Record<string, string> {
  if (q.kind === 'sgx') return { mrenclave: hex(q.report.mrEnclave), mrsigner: hex(q.report.mrSigner) };
  const r = q.report;
  return {
    mrtd: hex(r.mrTd),
    rtmr0: hex(r.rtmrs[0]),
    rtmr1: hex(r.rtmrs[1]),
    rtmr2: hex(r.rtmrs[2]),
    rtmr3: hex(r.rtmrs[3]),
    mrconfigid: hex(r.mrConfigId),
    mrowner: hex(r.mrOwner),
  };
}

export function trustCollateral(q: DcapQuote, c: DcapCollateral, policy: DcapPolicy): TrustedCollateral {
  return verifyCollateral(q.kind, c, policy.now, policy.trustedRoots ?? [INTEL_SGX_ROOT_CA]);
}

export function trustPlatform(q: DcapQuote, col: TrustedCollateral, policy: DcapPolicy): VerifiedPlatform {
  return verifyPlatform(q, col, policy.now, policy.trustedRoots ?? [INTEL_SGX_ROOT_CA]);
}

/** The per-quote checks, given a platform already verified (fresh or from a cache). */
export function verifyQuoteOnPlatform(q: DcapQuote, col: TrustedCollateral, platform: VerifiedPlatform, policy: DcapPolicy): DcapResult {
  if (!verifyP1363(q.signedBytes, rawP256Key(q.attestationKey), q.signature)) throw refuse(q.kind, 'QUOTE_SIGNATURE_INVALID');
  const td = q.kind === 'tdx' ? q.report : null;
  const status = mergeStatus(matchPlatformTcb(q.kind, col.tcbInfo, platform.pck, td), platform.qeStatus);
  if (q.kind === 'tdx') checkTdAttributes(q.report, policy.allowDebug ?? false);
  else checkEnclaveAttributes(q.report, policy.allowDebug ?? false);
  const accepted = policy.acceptedStatuses ?? new Set<TcbStatus>(['UpToDate']);
  if (status.status === 'Revoked' || !accepted.has(status.status)) throw refuse(q.kind, 'TCB_STATUS_NOT_ACCEPTED', status.status);
  return {
    kind: q.kind,
    tcbStatus: status.status,
    advisoryIds: status.advisoryIds,
    fmspc: platform.pck.fmspc,
    measurements: measurementsOf(q),
    reportData: hex(q.report.reportData),
  };
}

export function verifyDcapQuote(q: DcapQuote, c: DcapCollateral, policy: DcapPolicy): DcapResult {
  const col = trustCollateral(q, c, policy);
  return verifyQuoteOnPlatform(q, col, trustPlatform(q, col, policy), policy);
}
