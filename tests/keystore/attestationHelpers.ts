/** Builds signed attestations the way KeystoreSecretsProvider does, for verifier tests. */
import { x25519 } from '@noble/curves/ed25519.js';
import { attestationSigningBytes, type Attestation, type AttestationClaims } from '../../keystore/attestation/attestationMessage.ts';
import { challengeSigningBytes, type ChallengeRequest, type ChallengeRequestClaims } from '../../keystore/attestation/challengeRequest.ts';
import type { WorkerSigner } from '../../keystore/client/WorkerSigner.ts';
import { bytesToHex } from '../../keystore/envelope/bytes.ts';
import { CONTRACT, MEASUREMENT } from './fixtures.ts';

export async function signedAttestation(signer: WorkerSigner, nonce: string, over: Partial<AttestationClaims> = {}) {
  const oneTime = x25519.keygen();
  const claims: AttestationClaims = {
    type: 'ed25519',
    workerAccount: 'worker1.near',
    workerPublicKey: signer.publicKey,
    measurement: MEASUREMENT,
    requestRef: { chain: 'near', contractId: CONTRACT, requestId: '7' },
    nonce,
    oneTimePublicKey: bytesToHex(oneTime.publicKey),
    ...over,
  };
  const attestation: Attestation = { ...claims, signature: bytesToHex(await signer.sign(attestationSigningBytes(claims))) };
  return { attestation, oneTime };
}

/** A challenge request signed the way KeystoreSecretsProvider signs it. */
export async function signedChallengeRequest(signer: WorkerSigner, over: Partial<ChallengeRequestClaims> = {}): Promise<ChallengeRequest> {
  const claims: ChallengeRequestClaims = {
    chain: 'near',
    contractId: CONTRACT,
    workerAccount: 'worker1.near',
    workerPublicKey: signer.publicKey,
    issuedAt: Date.now(),
    ...over,
  };
  return { ...claims, signature: bytesToHex(await signer.sign(challengeSigningBytes(claims))) };
}

/** POST /v1/attest/challenge with a signed body; returns the nonce. */
export async function askChallenge(url: string, signer: WorkerSigner, over: Partial<ChallengeRequestClaims> = {}): Promise<string> {
  const res = await fetch(`${url}/v1/attest/challenge`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(await signedChallengeRequest(signer, over)),
  });
  const body = (await res.json()) as { nonce?: string; code?: string };
  if (!res.ok || !body.nonce) throw new Error(`challenge refused: ${res.status} ${body.code}`);
  return body.nonce;
}
