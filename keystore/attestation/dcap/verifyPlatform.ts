/**
 * The platform half of DCAP verification — everything that depends on the machine and its
 * quoting enclave, not on one quote's body: the PCK chain to a pinned root (dates, root and PCK
 * CRLs), the QE report's signature by the PCK key, QE report_data = sha256(attestation key ||
 * QE auth data), the QE against Intel's QE identity, and the PCK's SGX extension. Its result can
 * be cached for the attestation key (a worker's session) until the collateral's earliest expiry.
 */
import { createHash, type X509Certificate } from 'node:crypto';
import { certificateFields } from '../der/index.ts';
import { refuse } from '../refusal.ts';
import { parsePemChain, verifyChain } from './certChain.ts';
import { verifyP1363 } from './ecdsaKeys.ts';
import { INTEL_QE_VENDOR_ID, type DcapQuote } from './parseQuote.ts';
import { pckExtensions, type PckExtensions } from './pckExtensions.ts';
import { matchQeIdentity, type StatusWithAdvisories } from './tcbMatch.ts';
import type { TrustedCollateral } from './verifyCollateral.ts';

export interface VerifiedPlatform {
  pck: PckExtensions;
  qeStatus: StatusWithAdvisories;
  expiresAt: Date;
}

export function verifyPlatform(q: DcapQuote, col: TrustedCollateral, now: Date, trustedRoots: readonly X509Certificate[]): VerifiedPlatform {
  const kind = q.kind;
  if (q.qeVendorId !== INTEL_QE_VENDOR_ID) throw refuse(kind, 'QUOTE_VERSION_UNSUPPORTED', 'QE vendor is not Intel');
  const chain = verifyChain(parsePemChain(q.pckChainPem, kind, 'PCK_CHAIN_INVALID'), {
    kind,
    now,
    trustedRoots,
    rootCrl: col.rootCrl,
    intermediateCrl: col.pckCrl,
    invalid: 'PCK_CHAIN_INVALID',
  });
  const leaf = chain[0]!;
  if (!verifyP1363(q.qeReport.raw, leaf.publicKey, q.qeReportSignature)) throw refuse(kind, 'QE_REPORT_SIGNATURE_INVALID');
  const expected = createHash('sha256').update(q.attestationKey).update(q.qeAuthData).digest();
  const rd = q.qeReport.reportData;
  if (!expected.equals(rd.subarray(0, 32)) || rd.subarray(32).some((b) => b !== 0)) throw refuse(kind, 'QE_REPORT_DATA_MISMATCH');
  const qeStatus = matchQeIdentity(kind, col.qeIdentity, q.qeReport);
  let pck: PckExtensions;
  try {
    pck = pckExtensions(certificateFields(leaf.raw).extensions);
  } catch {
    throw refuse(kind, 'PCK_CHAIN_INVALID', 'PCK certificate has no valid SGX extension');
  }
  const certEnd = Math.min(...chain.map((c) => new Date(c.validTo).getTime()));
  return { pck, qeStatus, expiresAt: new Date(Math.min(certEnd, col.expiresAt.getTime())) };
}
