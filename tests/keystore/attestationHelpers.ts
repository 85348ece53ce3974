/** Builds signed attestations the way KeystoreSecretsProvider does, for verifier tests. */
import { x25519 } from '@noble/curves/ed25519.js';
import { attestationSigningBytes, type Attestation, type AttestationClaims } from '../../keystore/attestation/attestationMessage.ts';
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
