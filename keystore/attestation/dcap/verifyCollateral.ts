/**
 * Checks a DCAP collateral set at `now`: both CRLs parse; the TCB info and the QE identity each
 * carry Intel's ECDSA-P256 signature (raw r||s) over their exact JSON text by a signing
 * certificate that chains to a pinned root (dates, root CRL); and both are inside their
 * issueDate..nextUpdate window. Returns the parsed, trusted pieces.
 */
import { verify, type X509Certificate } from 'node:crypto';
import { parseCrl, type Crl } from '../der/index.ts';
import { refuse, type QuoteKind, type RefusalReason } from '../refusal.ts';
import { parsePemChain, verifyChain } from './certChain.ts';
import type { DcapCollateral } from './collateral.ts';
import { normaliseTcbInfo, qeIdentitySchema, tcbInfoSchema, type QeIdentity, type TcbInfo } from './tcbInfoSchema.ts';

export interface TrustedCollateral {
  rootCrl: Crl;
  pckCrl: Crl;
  tcbInfo: TcbInfo;
  qeIdentity: QeIdentity;
  /** The earliest moment any piece stops being valid (a cache must not outlive it). */
  expiresAt: Date;
}

function crl(bytes: Uint8Array, kind: QuoteKind): Crl {
  try {
    return parseCrl(bytes);
  } catch {
    throw refuse(kind, 'CRL_MALFORMED');
  }
}

interface SignedJsonCheck {
  now: Date;
  trustedRoots: readonly X509Certificate[];
  rootCrl: Crl;
  /** Issuer chains already verified in this call (TCB info and QE identity usually share one). */
  verified: Map<string, X509Certificate[]>;
}

function signedJson(kind: QuoteKind, text: string, signature: Uint8Array, chainPem: string, check: SignedJsonCheck, invalid: RefusalReason): unknown {
  let chain = check.verified.get(chainPem);
  if (!chain) {
    chain = verifyChain(parsePemChain(chainPem, kind, invalid), { kind, now: check.now, trustedRoots: check.trustedRoots, rootCrl: check.rootCrl, invalid });
    check.verified.set(chainPem, chain);
  }
  let ok = false;
  try {
    ok = signature.length === 64 && verify('sha256', Buffer.from(text, 'utf8'), { key: chain[0]!.publicKey, dsaEncoding: 'ieee-p1363' }, signature);
  } catch {
    ok = false;
  }
  if (!ok) throw refuse(kind, invalid);
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw refuse(kind, 'COLLATERAL_MALFORMED', 'signed JSON does not parse');
  }
}

function inWindow(kind: QuoteKind, v: { issueDate: string; nextUpdate: string }, now: Date, expired: RefusalReason): Date {
  const next = new Date(v.nextUpdate);
  if (now < new Date(v.issueDate) || now > next) throw refuse(kind, expired, `valid ${v.issueDate}..${v.nextUpdate}`);
  return next;
}

export function verifyCollateral(kind: QuoteKind, c: DcapCollateral, now: Date, trustedRoots: readonly X509Certificate[]): TrustedCollateral {
  const rootCrl = crl(c.rootCaCrl, kind);
  const pckCrl = crl(c.pckCrl, kind);
  const check: SignedJsonCheck = { now, trustedRoots, rootCrl, verified: new Map() };
  const tcbRaw = tcbInfoSchema.safeParse(signedJson(kind, c.tcbInfoText, c.tcbInfoSignature, c.tcbInfoIssuerChain, check, 'TCB_INFO_SIGNATURE_INVALID'));
  if (!tcbRaw.success) throw refuse(kind, 'COLLATERAL_MALFORMED', 'TCB info');
  let tcbInfo: TcbInfo;
  try {
    tcbInfo = normaliseTcbInfo(tcbRaw.data);
  } catch {
    throw refuse(kind, 'COLLATERAL_MALFORMED', 'TCB info levels');
  }
  const qeRaw = qeIdentitySchema.safeParse(
    signedJson(kind, c.qeIdentityText, c.qeIdentitySignature, c.qeIdentityIssuerChain, check, 'QE_IDENTITY_SIGNATURE_INVALID'),
  );
  if (!qeRaw.success) throw refuse(kind, 'COLLATERAL_MALFORMED', 'QE identity');
  const ends = [
    inWindow(kind, tcbInfo, now, 'TCB_INFO_EXPIRED'),
    inWindow(kind, qeRaw.data, now, 'QE_IDENTITY_EXPIRED'),
    rootCrl.nextUpdate,
    pckCrl.nextUpdate,
  ];
  return { rootCrl, pckCrl, tcbInfo, qeIdentity: qeRaw.data, expiresAt: new Date(Math.min(...ends.map((d) => d.getTime()))) };
}
