/** Signature algorithm OIDs the attestation verifiers accept, mapped to their hash. Anything else is refused. */
const HASH_BY_OID: Record<string, string> = {
  '1.2.840.10045.4.3.2': 'sha256', // ecdsa-with-SHA256 (Intel)
  '1.2.840.10045.4.3.3': 'sha384', // ecdsa-with-SHA384
};

export function signatureHash(oid: string): string | null {
  return HASH_BY_OID[oid] ?? null;
}
