/**
 * What a worker attests to, and the exact bytes it signs. Shared by the keystore (verifier) and the
 * worker (KeystoreSecretsProvider); pure. The signed bytes are a canonical length-prefixed encoding
 * of every claim, under a domain tag, so a signature over one request, nonce or one-time key cannot
 * be reused for another, nor mistaken for a NEAR transaction signature.
 */
import type { ChainId } from '../../common/types/index.ts';
import { canonicalFields } from '../envelope/bytes.ts';

export const ATTESTATION_TYPES = ['ed25519', 'tdx', 'sev-snp', 'none'] as const;
export type AttestationType = (typeof ATTESTATION_TYPES)[number];

export interface AttestationClaims {
  type: AttestationType;
  workerAccount: string;
  /** `ed25519:<base58>`, the worker key registered on the contract. */
  workerPublicKey: string;
  /** Hex sha256 of the worker build. */
  measurement: string;
  requestRef: { chain: ChainId; contractId: string; requestId: string };
  /** The challenge nonce, hex. */
  nonce: string;
  /** The worker's one-time X25519 public key, hex: the sealed secrets are encrypted to it. */
  oneTimePublicKey: string;
}

export interface Attestation extends AttestationClaims {
  /** ed25519: the 64-byte signature in hex over `attestationSigningBytes`. */
  signature: string;
  /** TEE types: the TDX quote or SEV-SNP report, base64, whose report_data is teeReportData(claims). */
  quote?: string;
  /** sev-snp: the VCEK certificate (DER, base64) from the host's certificate table. */
  vcek?: string;
}

export function attestationSigningBytes(c: AttestationClaims): Uint8Array {
  return canonicalFields([
    'errand/keystore/attestation/v1',
    c.type,
    c.workerAccount,
    c.workerPublicKey,
    c.measurement,
    c.requestRef.chain,
    c.requestRef.contractId,
    c.requestRef.requestId,
    c.nonce,
    c.oneTimePublicKey,
  ]);
}
