/**
 * What the verifiers need from a certificate beyond node:crypto's X509Certificate: the raw
 * issuer and subject Names (to match a CRL's issuer byte for byte), the serial, and the extension
 * values by OID (Intel's SGX extension, AMD's VCEK TCB and hwID extensions).
 */
import { TAG, children, decodeOid, expectTag, integerHex, readSingle, type Tlv } from './derReader.ts';

export interface CertificateFields {
  serialHex: string;
  issuerRaw: Uint8Array;
  subjectRaw: Uint8Array;
  /** extnValue (the OCTET STRING's content) by OID. */
  extensions: Map<string, Uint8Array>;
}

export function certificateFields(der: Uint8Array): CertificateFields {
  const cert = readSingle(der, TAG.SEQUENCE);
  const tbs = expectTag(children(cert)[0], TAG.SEQUENCE, 'tbsCertificate');
  const items = children(tbs);
  let i = 0;
  if (items[0]?.tag === 0xa0) i = 1; // [0] version
  const serial = items[i]!;
  const issuer = expectTag(items[i + 2], TAG.SEQUENCE, 'issuer');
  const subject = expectTag(items[i + 4], TAG.SEQUENCE, 'subject');
  const extensions = new Map<string, Uint8Array>();
  const extWrapper = items.slice(i + 6).find((t) => t.tag === 0xa3);
  if (extWrapper) {
    for (const ext of children(expectTag(children(extWrapper)[0], TAG.SEQUENCE, 'extensions'))) {
      const parts = children(ext);
      const value: Tlv | undefined = parts[parts.length - 1];
      extensions.set(decodeOid(parts[0]!), expectTag(value, TAG.OCTET_STRING, 'extnValue').value);
    }
  }
  return { serialHex: integerHex(serial), issuerRaw: issuer.raw, subjectRaw: subject.raw, extensions };
}
