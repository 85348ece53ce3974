/**
 * X.509 CRLs (RFC 5280 CertificateList), parsed with the small DER reader and checked with
 * node:crypto: the signature by the issuing CA's key over tbsCertList, the issuer Name equal (byte
 * for byte) to that CA's subject, thisUpdate <= now <= nextUpdate. A CRL without nextUpdate is
 * refused (Intel's and AMD's always carry one). Each failure has its own reason.
 */
import { X509Certificate, verify } from 'node:crypto';
import { certificateFields } from './certificateFields.ts';
import { TAG, bitStringBytes, children, decodeOid, decodeTime, expectTag, integerHex, readSingle } from './derReader.ts';
import { signatureHash } from './signatureAlgorithms.ts';

export interface Crl {
  tbsRaw: Uint8Array;
  signatureAlgorithm: string;
  signature: Uint8Array;
  issuerRaw: Uint8Array;
  thisUpdate: Date;
  nextUpdate: Date;
  revokedSerials: Set<string>;
}

export function parseCrl(der: Uint8Array): Crl {
  const top = children(readSingle(der, TAG.SEQUENCE));
  const tbs = expectTag(top[0], TAG.SEQUENCE, 'tbsCertList');
  const signatureAlgorithm = decodeOid(children(expectTag(top[1], TAG.SEQUENCE, 'signatureAlgorithm'))[0]!);
  const signature = bitStringBytes(expectTag(top[2], TAG.BIT_STRING, 'signature'));
  const items = children(tbs);
  let i = 0;
  if (items[0]?.tag === TAG.INTEGER) i = 1; // version
  const issuer = expectTag(items[i + 1], TAG.SEQUENCE, 'issuer');
  const thisUpdate = decodeTime(items[i + 2]!);
  const next = items[i + 3];
  if (!next || (next.tag !== TAG.UTC_TIME && next.tag !== TAG.GENERALIZED_TIME)) throw new Error('CRL without nextUpdate');
  const nextUpdate = decodeTime(next);
  const revokedSerials = new Set<string>();
  const revoked = items[i + 4];
  if (revoked?.tag === TAG.SEQUENCE) {
    for (const entry of children(revoked)) revokedSerials.add(integerHex(children(entry)[0]!));
  }
  return { tbsRaw: tbs.raw, signatureAlgorithm, signature, issuerRaw: issuer.raw, thisUpdate, nextUpdate, revokedSerials };
}

export type CrlProblem = 'CRL_ISSUER_MISMATCH' | 'CRL_SIGNATURE_INVALID' | 'CRL_EXPIRED' | 'CRL_NOT_YET_VALID';

/** One parsed CRL is checked against several chains in a verification: its signature once per issuer. */
const signatureChecked = new WeakMap<Crl, WeakMap<X509Certificate, CrlProblem | null>>();

function checkSignature(crl: Crl, issuer: X509Certificate): CrlProblem | null {
  if (!Buffer.from(crl.issuerRaw).equals(Buffer.from(certificateFields(issuer.raw).subjectRaw))) return 'CRL_ISSUER_MISMATCH';
  const hash = signatureHash(crl.signatureAlgorithm);
  try {
    return hash !== null && verify(hash, crl.tbsRaw, issuer.publicKey, crl.signature) ? null : 'CRL_SIGNATURE_INVALID';
  } catch {
    return 'CRL_SIGNATURE_INVALID';
  }
}

/** Checks `crl` as issued by `issuer` at `now`; returns the first problem, or null. */
export function checkCrl(crl: Crl, issuer: X509Certificate, now: Date): CrlProblem | null {
  let byIssuer = signatureChecked.get(crl);
  if (!byIssuer) signatureChecked.set(crl, (byIssuer = new WeakMap()));
  let problem = byIssuer.get(issuer);
  if (problem === undefined) byIssuer.set(issuer, (problem = checkSignature(crl, issuer)));
  if (problem) return problem;
  if (now < crl.thisUpdate) return 'CRL_NOT_YET_VALID';
  if (now > crl.nextUpdate) return 'CRL_EXPIRED';
  return null;
}
