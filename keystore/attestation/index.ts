export { ATTESTATION_TYPES, attestationSigningBytes, type Attestation, type AttestationClaims, type AttestationType } from './attestationMessage.ts';
export { parseAttestation, attestationSchema } from './parseAttestation.ts';
export { ChallengeStore, type Challenge, type ChallengeStoreOptions } from './ChallengeStore.ts';
export {
  UnsupportedAttestationVerifier,
  InsecureNoneVerifier,
  DisabledNoneVerifier,
  type AttestationVerifier,
  type VerifiedWorker,
} from './AttestationVerifier.ts';
export { Ed25519Verifier, type Ed25519VerifierOptions } from './Ed25519Verifier.ts';
export { verifyAttestation, type AttestationCheck } from './verifyAttestation.ts';
export { ChallengeGate, type ChallengeGateOptions } from './ChallengeGate.ts';
export { challengeSigningBytes, parseChallengeRequest, type ChallengeRequest, type ChallengeRequestClaims } from './challengeRequest.ts';
