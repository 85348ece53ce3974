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
export { TdxVerifier, type TdxVerifierOptions } from './TdxVerifier.ts';
export { SnpVerifier, type SnpVerifierOptions } from './SnpVerifier.ts';
export { createTeeVerifiers, DEFAULT_TEE_SETTINGS, type TeeSettings, type TeeTestHooks } from './createTeeVerifiers.ts';
export { StaticCollateralProvider, type CollateralProvider } from './collateral/CollateralProvider.ts';
export { PcsCollateralProvider, type PcsCollateralProviderOptions } from './collateral/PcsCollateralProvider.ts';
export { teeReportData, teeMeasurementKey, teeMeasurementDigest } from './teeBinding.ts';
export { verifyEvidence, detectEvidenceKind, type EvidenceInput, type EvidenceVerdict } from './verifyEvidence.ts';
export { REFUSAL_REASONS, type RefusalReason, type QuoteKind } from './refusal.ts';
export { ChallengeGate, type ChallengeGateOptions } from './ChallengeGate.ts';
export { challengeSigningBytes, parseChallengeRequest, type ChallengeRequest, type ChallengeRequestClaims } from './challengeRequest.ts';
