/**
 * The worker's SecretsProvider: challenge (asked for with a signature by the registered key) -> attest (ed25519 signature by the worker's registered
 * key over the canonical claims, including a fresh one-time X25519 public key) -> decrypt -> open
 * the sealed secrets in memory with the one-time key, which is then wiped. A denial arrives as the
 * keystore's coded error (KEYSTORE__ACCESS_DENIED, KEYSTORE__WORKER_NOT_REGISTERED, ...). A request
 * without a secrets reference gets an empty map without contacting the keystore.
 *
 * With a QuoteProvider the attestation is of the TEE's kind (`tdx`, `sev-snp`): the claims are the
 * same, the measurement is the digest of the TEE's own measurement key (read once from a probe
 * quote), and a quote whose report_data is teeReportData(claims) goes with the signature.
 */
import { x25519 } from '@noble/curves/ed25519.js';
import { withTimeout } from '../../common/abort.ts';
import { retry } from '../../common/retry.ts';
import { RETRY_POLICIES } from '../../common/retryPolicies.ts';
import type { SecretsProvider } from '../../common/ports/index.ts';
import type { ClaimTicket } from '../../common/tickets/index.ts';
import type { ExecutionRequest, RequestRef } from '../../common/types/index.ts';
import { challengeSigningBytes, type ChallengeRequest, type ChallengeRequestClaims } from '../attestation/challengeRequest.ts';
import { attestationSigningBytes, type Attestation, type AttestationClaims } from '../attestation/attestationMessage.ts';
import { bytesToHex } from '../envelope/bytes.ts';
import { openSealedSecrets } from '../envelope/sealedSecrets.ts';
import { teeReportData } from '../attestation/teeBinding.ts';
import { challengeAnswer, decryptAnswer } from '../api/index.ts';
import { requestJson } from './keystoreHttp.ts';
import type { QuoteProvider, TeeEvidence } from './QuoteProvider.ts';
import { teeClaimMeasurement } from './teeClaimMeasurement.ts';
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
  /** A TEE worker's quote source; the attestation type then follows the TEE. */
  quoteProvider?: QuoteProvider;
}

export class KeystoreSecretsProvider implements SecretsProvider {
  readonly #o: Required<Omit<KeystoreSecretsProviderOptions, 'quoteProvider'>> & Pick<KeystoreSecretsProviderOptions, 'quoteProvider'>;
  #tee?: Promise<{ kind: TeeEvidence['kind']; measurement: string }>;

  constructor(options: KeystoreSecretsProviderOptions) {
    this.#o = { attestationType: 'ed25519', timeoutMs: 15_000, ...options, measurement: options.measurement.toLowerCase() };
  }

  /**
   * Asks for a challenge, signed by the worker key. Challenge-store pressure (KEYSTORE__CHALLENGE_LIMIT:
   * a flood, or this key's own allowance) is waited out with jittered backoff within the timeout
   * (RETRY_POLICIES.keystoreChallenge), so it delays the request instead of failing it.
   */
  #challenge(request: ExecutionRequest, base: string, signal: AbortSignal): Promise<{ nonce: string }> {
    const o = this.#o;
    return retry(
      async () => {
        const asked: ChallengeRequestClaims = {
          chain: request.chain,
          contractId: request.contractId,
          workerAccount: o.workerAccount,
          workerPublicKey: o.signer.publicKey,
          issuedAt: Date.now(),
        };
        const body: ChallengeRequest = { ...asked, signature: bytesToHex(await o.signer.sign(challengeSigningBytes(asked))) };
        return requestJson(`${base}/v1/attest/challenge`, { method: 'POST', body, signal }, challengeAnswer);
      },
      RETRY_POLICIES.keystoreChallenge,
      signal,
    );
  }

  async fetchSecrets(request: ExecutionRequest, signal?: AbortSignal, ticket?: ClaimTicket): Promise<Record<string, string>> {
    if (!request.secretsRef) return {};
    const o = this.#o;
    const s = withTimeout(signal, o.timeoutMs);
    const base = o.keystoreUrl.replace(/\/+$/, '');
    const challenge = await this.#challenge(request, base, s);
    const ref: RequestRef = { chain: request.chain, contractId: request.contractId, requestId: request.requestId };
    const tee = o.quoteProvider ? await this.#teeIdentity(o.quoteProvider, s) : undefined;
    const oneTime = x25519.keygen();
    try {
      const claims: AttestationClaims = {
        type: tee?.kind ?? o.attestationType,
        workerAccount: o.workerAccount,
        workerPublicKey: o.signer.publicKey,
        measurement: tee?.measurement ?? o.measurement,
        requestRef: ref,
        nonce: challenge.nonce,
        oneTimePublicKey: bytesToHex(oneTime.publicKey),
      };
      const signature = bytesToHex(await o.signer.sign(attestationSigningBytes(claims)));
      const attestation: Attestation = { ...claims, signature };
      if (o.quoteProvider) {
        const evidence = await o.quoteProvider.quote(teeReportData(claims), s);
        attestation.quote = Buffer.from(evidence.quote).toString('base64');
        if (evidence.vcek) attestation.vcek = Buffer.from(evidence.vcek).toString('base64');
      }
      const body = await requestJson(
        `${base}/v1/secrets/decrypt`,
        { method: 'POST', body: { attestation, ...(ticket && { ticket }) }, signal: s },
        decryptAnswer,
      );
      return openSealedSecrets(body.sealed, oneTime.secretKey, oneTime.publicKey, ref, challenge.nonce);
    } finally {
      oneTime.secretKey.fill(0);
    }
  }

  /** The TEE kind and claimed measurement, from one probe quote (retried on the next call if it failed). */
  #teeIdentity(provider: QuoteProvider, signal: AbortSignal): Promise<{ kind: TeeEvidence['kind']; measurement: string }> {
    if (!this.#tee) {
      const probe = provider.quote(new Uint8Array(64), signal).then((e) => ({ kind: e.kind, measurement: teeClaimMeasurement(e) }));
      this.#tee = probe;
      probe.catch(() => {
        if (this.#tee === probe) this.#tee = undefined;
      });
    }
    return this.#tee;
  }
}
