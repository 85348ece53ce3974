/**
 * Who may get an attestation challenge: a caller that signs the request with a worker key that is
 * registered (and active) on a trusted contract, within its per-key allowance of outstanding
 * challenges (ChallengeStore) and its issue rate (a token bucket per key). Checks run cheapest
 * first — shape, freshness, signature, the per-key count — so an unauthenticated flood costs one signature check per call and stores
 * nothing, and only a key holder reaches the chain read (cached briefly per key).
 * With the insecure dev flag the registry read is skipped (type `none` workers need not be
 * registered); the signature is still required.
 */
import { ed25519 } from '@noble/curves/ed25519.js';
import { utils as nearUtils } from 'near-api-js';
import { ErrandError, isErrandError } from '../../common/errors/index.ts';
import { tryHexToBytes } from '../envelope/bytes.ts';
import type { TrustedChains } from '../service/TrustedChains.ts';
import type { Challenge, ChallengeStore } from './ChallengeStore.ts';
import { challengeSigningBytes, parseChallengeRequest, type ChallengeRequest } from './challengeRequest.ts';

export interface ChallengeGateOptions {
  chains: TrustedChains;
  challenges: ChallengeStore;
  /** How far `issuedAt` may be from the keystore's clock (default 60 s). */
  maxSkewMs?: number;
  /** How long a successful registry read is reused for the same key (default 30 s). */
  registryCacheMs?: number;
  skipRegistry?: boolean;
  /** Challenges one key may be issued per second, sustained (default 20; bursts up to `burst`). */
  ratePerKeyPerS?: number;
  /** Default 32. */
  burst?: number;
  now?: () => number;
}

function invalid(reason: string): ErrandError {
  return new ErrandError('KEYSTORE__ATTESTATION_INVALID', `challenge refused: ${reason}`, { reason });
}

function verifySignature(r: ChallengeRequest): void {
  let key: Uint8Array;
  try {
    key = nearUtils.PublicKey.fromString(r.workerPublicKey).data;
  } catch {
    throw invalid('worker public key is not a valid ed25519 key');
  }
  const signature = tryHexToBytes(r.signature, 64);
  let ok = false;
  try {
    ok = signature !== null && key.length === 32 && ed25519.verify(signature, challengeSigningBytes(r), key);
  } catch {
    ok = false;
  }
  if (!ok) throw invalid('signature does not verify');
}

export class ChallengeGate {
  readonly #o: Required<Omit<ChallengeGateOptions, 'skipRegistry'>> & { skipRegistry: boolean };
  readonly #registered = new Map<string, number>();
  /** Token buckets per key: tokens left and when they were counted. */
  readonly #buckets = new Map<string, { tokens: number; at: number }>();

  constructor(options: ChallengeGateOptions) {
    this.#o = { maxSkewMs: 60_000, registryCacheMs: 30_000, now: Date.now, skipRegistry: false, ratePerKeyPerS: 20, burst: 32, ...options };
  }

  /** Spends one token of the key's bucket, or throws KEYSTORE__CHALLENGE_LIMIT (retryable). */
  #takeToken(key: string): void {
    const now = this.#o.now();
    const b = this.#buckets.get(key) ?? { tokens: this.#o.burst, at: now };
    b.tokens = Math.min(this.#o.burst, b.tokens + ((now - b.at) / 1000) * this.#o.ratePerKeyPerS);
    b.at = now;
    if (b.tokens < 1)
      throw new ErrandError('KEYSTORE__CHALLENGE_LIMIT', 'this worker key asks for challenges too fast', { outstanding: this.#o.challenges.outstanding });
    b.tokens -= 1;
    // Only registered keys reach here, so the map is bounded by the registry; still, never grow without limit.
    if (!this.#buckets.has(key) && this.#buckets.size >= 10_000) this.#buckets.clear();
    this.#buckets.set(key, b);
  }

  async issue(body: unknown, signal?: AbortSignal): Promise<Challenge> {
    const r = parseChallengeRequest(body);
    if (Math.abs(this.#o.now() - r.issuedAt) > this.#o.maxSkewMs) throw invalid('issuedAt is too far from the keystore clock');
    verifySignature(r);
    this.#o.challenges.assertRoomFor(r.workerPublicKey);
    if (!this.#o.skipRegistry) await this.#checkRegistered(r, signal);
    this.#takeToken(r.workerPublicKey);
    return this.#o.challenges.issue(r.workerPublicKey);
  }

  async #checkRegistered(r: ChallengeRequest, signal?: AbortSignal): Promise<void> {
    const cacheKey = `${r.chain}\u0000${r.contractId}\u0000${r.workerAccount}\u0000${r.workerPublicKey}`;
    const until = this.#registered.get(cacheKey);
    if (until !== undefined && until > this.#o.now()) return;
    const reader = this.#o.chains.readerFor(r.chain, r.contractId);
    let worker;
    try {
      worker = await reader.getWorkerByKey(r.contractId, r.workerPublicKey, signal, r.workerAccount);
    } catch (e) {
      throw new ErrandError(
        'KEYSTORE__CHAIN_READ_FAILED',
        `worker registry read failed (${isErrandError(e) ? e.code : 'error'})`,
        {
          operation: 'getWorkerByKey',
        },
        { cause: e },
      );
    }
    if (!worker) throw new ErrandError('KEYSTORE__WORKER_NOT_REGISTERED', 'worker key is not registered on the contract', { publicKey: r.workerPublicKey });
    if (worker.accountId !== r.workerAccount) throw invalid('worker key is registered to a different account');
    if (worker.status !== 'active') {
      throw new ErrandError('KEYSTORE__WORKER_INACTIVE', `worker is ${worker.status}`, { status: worker.status, stake: worker.stake });
    }
    if (this.#registered.size >= 10_000) this.#registered.clear();
    this.#registered.set(cacheKey, this.#o.now() + this.#o.registryCacheMs);
  }
}
