/**
 * The worker's SecretsProvider: challenge (asked for with a signature by the registered key) -> attest (ed25519 signature by the worker's registered
 * key over the canonical claims, including a fresh one-time X25519 public key) -> decrypt -> open
 * the sealed secrets in memory with the one-time key, which is then wiped. A denial arrives as the
 * keystore's coded error (KEYSTORE__ACCESS_DENIED, KEYSTORE__WORKER_NOT_REGISTERED, ...). A request
 * without a secrets reference gets an empty map without contacting the keystore.
 */
import { x25519 } from '@noble/curves/ed25519.js';
import { withTimeout } from '../../common/abort.ts';
import { ErrandError } from '../../common/errors/index.ts';
import type { SecretsProvider } from '../../common/ports/index.ts';
import type { ClaimTicket } from '../../common/tickets/index.ts';
import type { ExecutionRequest, RequestRef } from '../../common/types/index.ts';
import { challengeSigningBytes, type ChallengeRequest, type ChallengeRequestClaims } from '../attestation/challengeRequest.ts';
import { attestationSigningBytes, type Attestation, type AttestationClaims } from '../attestation/attestationMessage.ts';
import { bytesToHex } from '../envelope/bytes.ts';
import { openSealedSecrets } from '../envelope/sealedSecrets.ts';
import { requestJson } from './keystoreHttp.ts';
import type { WorkerSigner } from './WorkerSigner.ts';

export interface KeystoreSecretsProviderOptions {
  keystoreUrl: string;
  workerAccount: string;
  signer: WorkerSigner;
  /** sha256 hex of this worker build, as registered on the contract. */
  measurement: string;
  /** 'ed25519' (default) or 'none' against a keystore started with the insecure dev flag. */
  attestationType?: 'ed25519' | 'none';
  timeoutMs?: number;
  fetchImpl?: typeof fetch;
}

function badResponse(what: string): ErrandError {
  return new ErrandError('COMMON__UNAVAILABLE', `keystore answered an unexpected ${what}`, { service: 'keystore', reason: what });
}

export class KeystoreSecretsProvider implements SecretsProvider {
  readonly #o: Required<Omit<KeystoreSecretsProviderOptions, 'fetchImpl'>> & { fetchImpl?: typeof fetch };

  constructor(options: KeystoreSecretsProviderOptions) {
    this.#o = { attestationType: 'ed25519', timeoutMs: 15_000, ...options, measurement: options.measurement.toLowerCase() };
  }

  async fetchSecrets(request: ExecutionRequest, signal?: AbortSignal, ticket?: ClaimTicket): Promise<Record<string, string>> {
    if (!request.secretsRef) return {};
    const o = this.#o;
    const s = withTimeout(signal, o.timeoutMs);
    const base = o.keystoreUrl.replace(/\/+$/, '');
    const asked: ChallengeRequestClaims = {
      chain: request.chain,
      contractId: request.contractId,
      workerAccount: o.workerAccount,
      workerPublicKey: o.signer.publicKey,
      issuedAt: Date.now(),
    };
    const challengeBody: ChallengeRequest = { ...asked, signature: bytesToHex(await o.signer.sign(challengeSigningBytes(asked))) };
    const challenge = (await requestJson(`${base}/v1/attest/challenge`, { method: 'POST', body: challengeBody, signal: s, fetchImpl: o.fetchImpl })) as {
      nonce?: unknown;
    };
    if (typeof challenge.nonce !== 'string' || !/^[0-9a-f]{64}$/.test(challenge.nonce)) throw badResponse('challenge');
    const ref: RequestRef = { chain: request.chain, contractId: request.contractId, requestId: request.requestId };
    const oneTime = x25519.keygen();
    try {
      const claims: AttestationClaims = {
        type: o.attestationType,
        workerAccount: o.workerAccount,
        workerPublicKey: o.signer.publicKey,
        measurement: o.measurement,
        requestRef: ref,
        nonce: challenge.nonce,
        oneTimePublicKey: bytesToHex(oneTime.publicKey),
      };
      const signature = bytesToHex(await o.signer.sign(attestationSigningBytes(claims)));
      const attestation: Attestation = { ...claims, signature };
      const body = (await requestJson(`${base}/v1/secrets/decrypt`, { method: 'POST', body: { attestation, ...(ticket && { ticket }) }, signal: s, fetchImpl: o.fetchImpl })) as {
        sealed?: unknown;
      };
      return openSealedSecrets(body.sealed, oneTime.secretKey, oneTime.publicKey, ref, challenge.nonce);
    } finally {
      oneTime.secretKey.fill(0);
    }
  }
}
