/**
 * Verifies an issuer chain (PEM, leaf first) up to a pinned root: every certificate's signature by
 * the next, issuer/subject linkage, validity dates at `now`, the root byte-identical to a pinned
 * one, and — when CRLs are given — each CRL checked against its issuer (signature, issuer Name,
 * dates) and no certificate's serial listed. Returns the parsed certificates.
 */
import { X509Certificate } from 'node:crypto';
import { certificateFields, checkCrl, type Crl } from '../der/index.ts';
import { refuse, type QuoteKind, type RefusalReason } from '../refusal.ts';

export interface ChainCheck {
  kind: QuoteKind;
  now: Date;
  trustedRoots: readonly X509Certificate[];
  /** The root CA's CRL (covers certificates the root issued). */
  rootCrl?: Crl;
  /** A CRL issued by the certificate just below the root (Intel's PCK CA), covering the leaf. */
  intermediateCrl?: Crl;
  /** What a broken chain is called (PCK_CHAIN_INVALID, TCB_INFO_SIGNATURE_INVALID, ...). */
  invalid: RefusalReason;
}

export function splitPemChain(pem: string): string[] {
  return pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
}

/** Parsed certificates by PEM text, bounded: Intel's issuer chains repeat in every collateral set
 * and quote, and parsing is most of a verification's cost. Only parsing is memoised, never a verdict. */
const parsed = new Map<string, X509Certificate>();
const MAX_PARSED = 256;

function parsePem(block: string): X509Certificate {
  let cert = parsed.get(block);
  if (!cert) {
    cert = new X509Certificate(block);
    if (parsed.size >= MAX_PARSED) parsed.delete(parsed.keys().next().value!);
    parsed.set(block, cert);
  }
  return cert;
}

export function parsePemChain(pem: string, kind: QuoteKind, invalid: RefusalReason): X509Certificate[] {
  const blocks = splitPemChain(pem);
  if (blocks.length < 2 || blocks.length > 5) throw refuse(kind, invalid, `chain has ${blocks.length} certificates`);
  try {
    return blocks.map(parsePem);
  } catch {
    throw refuse(kind, invalid, 'unparseable certificate');
  }
}

function checkDates(cert: X509Certificate, now: Date, kind: QuoteKind): void {
  if (now < new Date(cert.validFrom) || now > new Date(cert.validTo)) throw refuse(kind, 'CERT_EXPIRED', cert.subject.replace(/\n/g, ', '));
}

function applyCrl(crl: Crl, issuer: X509Certificate, subjects: X509Certificate[], c: ChainCheck): void {
  const problem = checkCrl(crl, issuer, c.now);
  if (problem) throw refuse(c.kind, problem);
  for (const s of subjects) {
    if (crl.revokedSerials.has(certificateFields(s.raw).serialHex)) throw refuse(c.kind, 'CERT_REVOKED', `serial ${certificateFields(s.raw).serialHex}`);
  }
}

export function verifyChain(chain: X509Certificate[], c: ChainCheck): X509Certificate[] {
  const root = chain[chain.length - 1]!;
  if (!c.trustedRoots.some((t) => t.raw.equals(root.raw))) throw refuse(c.kind, 'ROOT_NOT_TRUSTED');
  for (let i = 0; i < chain.length; i++) {
    const cert = chain[i]!;
    checkDates(cert, c.now, c.kind);
    // The root is trusted because it is byte-identical to a pinned one, not because it signs itself.
    if (i === chain.length - 1) break;
    const issuer = chain[i + 1]!;
    if (!cert.checkIssued(issuer) || !cert.verify(issuer.publicKey)) throw refuse(c.kind, c.invalid, `certificate ${i} is not signed by the next`);
  }
  if (c.rootCrl) applyCrl(c.rootCrl, root, chain.slice(0, -1), c);
  if (c.intermediateCrl) {
    if (chain.length < 3) throw refuse(c.kind, c.invalid, 'no intermediate for the CRL');
    applyCrl(c.intermediateCrl, chain[chain.length - 2]!, chain.slice(0, -2), c);
  }
  return chain;
}
