/**
 * How a TEE quote is bound to one attestation, and what of it the operator allowlists.
 *
 * report_data (64 bytes) = sha256("errand/keystore/tee-report-data/v1" || attestationSigningBytes)
 * followed by 32 zero bytes: the exact bytes the worker's ed25519 key signs (its key, the
 * keystore's one-time nonce, the one-time X25519 key, the request reference, ...), so a quote made
 * for one nonce, key or request is useless for any other.
 *
 * The measurement key an operator allowlists: TDX — MRTD || RTMR0 || RTMR1 || RTMR2 || RTMR3 as
 * 480 hex characters; SEV-SNP — MEASUREMENT as 96 hex characters. The attestation's `measurement`
 * claim (and the one registered on-chain) is sha256 of that key's bytes, in hex.
 */
import { createHash } from 'node:crypto';
import { attestationSigningBytes, type AttestationClaims } from './attestationMessage.ts';

const DOMAIN = 'errand/keystore/tee-report-data/v1';

export function teeReportData(claims: AttestationClaims): Uint8Array {
  const out = new Uint8Array(64);
  out.set(createHash('sha256').update(DOMAIN).update(attestationSigningBytes(claims)).digest(), 0);
  return out;
}

export function teeMeasurementKey(measurements: Record<string, string>): string {
  if (measurements.mrtd !== undefined) {
    return [measurements.mrtd, measurements.rtmr0, measurements.rtmr1, measurements.rtmr2, measurements.rtmr3].join('');
  }
  if (measurements.measurement !== undefined) return measurements.measurement;
  return `${measurements.mrenclave ?? ''}${measurements.mrsigner ?? ''}`;
}

/** The registry/claim form of a measurement key: sha256 of its bytes, hex. */
export function teeMeasurementDigest(key: string): string {
  return createHash('sha256').update(Buffer.from(key, 'hex')).digest('hex');
}

export const TEE_MEASUREMENT_KEY = /^(?:[0-9a-f]{96}|[0-9a-f]{480})$/;
