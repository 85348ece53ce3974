/**
 * SEV-SNP report verification on node:crypto: the VCEK chains VCEK <- ASK <- ARK (RSA-PSS 4096,
 * dates) with ASK and ARK byte-identical to the pinned ones for the VCEK's product; the report's
 * ECDSA P-384/SHA-384 signature by the VCEK over 0x000..0x29F; the VCEK's hwID equals the
 * report's CHIP_ID (its first 8 bytes on Turin); REPORTED_TCB equals the TCB the VCEK was issued
 * for; the guest policy forbids debugging unless the operator allows debug guests. AMD's CRL for
 * the ASK is not checked here (not carried by the inputs; fetching it is the collateral
 * provider's job and is not built yet).
 */
import { X509Certificate } from 'node:crypto';
import { certificateFields } from '../der/index.ts';
import { verifyP1363 } from '../dcap/ecdsaKeys.ts';
import { refuse } from '../refusal.ts';
import { AMD_ROOTS } from './amdRoots.ts';
import { parseSnpReport, type SnpReport } from './parseSnpReport.ts';
import { vcekInfo, type VcekInfo } from './vcekExtensions.ts';

export interface SnpPolicy {
  now: Date;
  allowDebug?: boolean;
  /** Given ASK+ARK (e.g. `--chain`); must match the pinned chain for the product. */
  chain?: readonly X509Certificate[];
  /** Tests only: pinned chains other than AMD's (the synthetic AMD PKI). */
  roots?: typeof AMD_ROOTS;
}

export interface SnpResult {
  kind: 'sev-snp';
  product: string;
  tcbStatus: null;
  reportedTcb: string;
  measurements: { measurement: string; hostData: string };
  reportData: string;
  policy: string;
}

const POLICY_RESERVED_ONE = 1n << 17n;
const POLICY_DEBUG = 1n << 19n;
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

function dated(cert: X509Certificate, now: Date): boolean {
  return now >= new Date(cert.validFrom) && now <= new Date(cert.validTo);
}

/** The VCEK's chain checks; cacheable per VCEK until its validTo. */
export function verifyVcek(vcek: X509Certificate, policy: SnpPolicy): VcekInfo {
  let info: VcekInfo;
  try {
    info = vcekInfo(certificateFields(vcek.raw).extensions);
  } catch (e) {
    throw refuse('sev-snp', 'SNP_CHAIN_INVALID', e instanceof Error ? e.message : 'VCEK extensions');
  }
  const pinned = (policy.roots ?? AMD_ROOTS)[info.product];
  if (policy.chain) {
    const [ask, ark] = policy.chain;
    if (!ask || !ark || !ask.raw.equals(pinned.ask.raw) || !ark.raw.equals(pinned.ark.raw)) throw refuse('sev-snp', 'ROOT_NOT_TRUSTED', info.product);
  }
  const { ask, ark } = pinned;
  if (!ark.verify(ark.publicKey) || !ask.checkIssued(ark) || !ask.verify(ark.publicKey)) throw refuse('sev-snp', 'SNP_CHAIN_INVALID', 'ASK/ARK');
  if (!vcek.checkIssued(ask) || !vcek.verify(ask.publicKey)) throw refuse('sev-snp', 'SNP_CHAIN_INVALID', 'VCEK is not signed by the ASK');
  for (const c of [vcek, ask, ark]) if (!dated(c, policy.now)) throw refuse('sev-snp', 'CERT_EXPIRED', c.subject.replace(/\n/g, ', '));
  return info;
}

export function verifyReportWithVcek(report: SnpReport, vcek: X509Certificate, info: VcekInfo, policy: SnpPolicy): SnpResult {
  if (!verifyP1363(report.signedBytes, vcek.publicKey, report.signatureP1363, 'sha384')) throw refuse('sev-snp', 'SNP_SIGNATURE_INVALID');
  const chip = info.product === 'Turin' ? report.chipId.subarray(0, 8) : report.chipId;
  if (!Buffer.from(info.hwId).equals(Buffer.from(chip))) throw refuse('sev-snp', 'SNP_CHIP_ID_MISMATCH');
  if (!Buffer.from(info.tcb).equals(Buffer.from(report.reportedTcb)))
    throw refuse('sev-snp', 'SNP_TCB_MISMATCH', `${hex(report.reportedTcb)} vs VCEK ${hex(info.tcb)}`);
  if (!(report.policy & POLICY_RESERVED_ONE)) throw refuse('sev-snp', 'SNP_POLICY_INVALID');
  if (report.policy & POLICY_DEBUG && !policy.allowDebug) throw refuse('sev-snp', 'SNP_DEBUG');
  return {
    kind: 'sev-snp',
    product: info.product,
    tcbStatus: null,
    reportedTcb: hex(report.reportedTcb),
    measurements: { measurement: hex(report.measurement), hostData: hex(report.hostData) },
    reportData: hex(report.reportData),
    policy: `0x${report.policy.toString(16)}`,
  };
}

export function verifySnpReport(bytes: Uint8Array, vcekDer: Uint8Array, policy: SnpPolicy): SnpResult {
  const report = parseSnpReport(bytes);
  let vcek: X509Certificate;
  try {
    vcek = new X509Certificate(vcekDer);
  } catch {
    throw refuse('sev-snp', 'SNP_CHAIN_INVALID', 'VCEK does not parse');
  }
  return verifyReportWithVcek(report, vcek, verifyVcek(vcek, policy), policy);
}
