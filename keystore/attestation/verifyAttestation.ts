/**
 * The attestation pipeline: parse (shape) -> consume the challenge nonce (one-time, fresh) ->
 * the verifier registered for the type. The nonce is consumed before the type-specific checks so
 * that a failed attempt cannot be retried with the same nonce.
 */
import { ErrandError } from '../../common/errors/index.ts';
import type { AttestationType, Attestation } from './attestationMessage.ts';
import type { AttestationVerifier, VerifiedWorker } from './AttestationVerifier.ts';
import type { ChallengeStore } from './ChallengeStore.ts';
import { parseAttestation } from './parseAttestation.ts';

export interface AttestationCheck {
  attestation: Attestation;
  worker: VerifiedWorker;
}

export async function verifyAttestation(
  raw: unknown,
  challenges: ChallengeStore,
  verifiers: ReadonlyMap<AttestationType, AttestationVerifier>,
  signal?: AbortSignal,
): Promise<AttestationCheck> {
  const attestation = parseAttestation(raw);
  challenges.consume(attestation.nonce, attestation.workerPublicKey);
  const verifier = verifiers.get(attestation.type);
  if (!verifier) {
    throw new ErrandError('KEYSTORE__UNSUPPORTED_ATTESTATION', `no verifier for attestation type ${attestation.type}`, { type: attestation.type });
  }
  return { attestation, worker: await verifier.verify(attestation, signal) };
}
