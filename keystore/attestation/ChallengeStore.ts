/**
 * One-time attestation challenges. A nonce is issued with a short expiry, kept in memory, and
 * consumed by the first attestation that presents it (whatever that attestation's outcome). A used
 * nonce is remembered until its expiry so a replay is reported as such; after that it is simply
 * unknown (still refused). Expired entries are swept lazily on every call — no timer to leak.
 * Not shared between keystore instances: a worker must attest to the instance that challenged it.
 */
import { randomBytes } from '@noble/ciphers/utils.js';
import { ErrandError } from '../../common/errors/index.ts';
import { bytesToHex } from '../envelope/bytes.ts';

export interface ChallengeStoreOptions {
  ttlMs: number;
  maxOutstanding: number;
  now?: () => number;
}

export interface Challenge {
  nonce: string;
  expiresAt: number;
}

export class ChallengeStore {
  readonly #issued = new Map<string, number>();
  readonly #used = new Map<string, number>();
  readonly #options: Required<ChallengeStoreOptions>;

  constructor(options: ChallengeStoreOptions) {
    this.#options = { now: Date.now, ...options };
  }

  issue(): Challenge {
    this.#sweep();
    if (this.#issued.size >= this.#options.maxOutstanding) {
      throw new ErrandError('KEYSTORE__CHALLENGE_LIMIT', 'too many outstanding attestation challenges', { outstanding: this.#issued.size });
    }
    const nonce = bytesToHex(randomBytes(32));
    const expiresAt = this.#options.now() + this.#options.ttlMs;
    this.#issued.set(nonce, expiresAt);
    return { nonce, expiresAt };
  }

  /** Marks the nonce used; throws KEYSTORE__NONCE_REPLAYED or KEYSTORE__NONCE_UNKNOWN if it cannot be. */
  consume(nonce: string): void {
    const now = this.#options.now();
    if (this.#used.has(nonce)) throw new ErrandError('KEYSTORE__NONCE_REPLAYED', 'attestation nonce was already used', {});
    const expiresAt = this.#issued.get(nonce);
    this.#sweep();
    if (expiresAt === undefined) {
      throw new ErrandError('KEYSTORE__NONCE_UNKNOWN', 'attestation nonce was not issued by this keystore', { expired: false });
    }
    this.#issued.delete(nonce);
    if (expiresAt <= now) throw new ErrandError('KEYSTORE__NONCE_UNKNOWN', 'attestation nonce expired', { expired: true });
    this.#used.set(nonce, expiresAt);
  }

  get outstanding(): number {
    return this.#issued.size;
  }

  #sweep(): void {
    const now = this.#options.now();
    // Every entry has the same ttl, so insertion order is expiry order: stop at the first live one.
    for (const map of [this.#issued, this.#used]) {
      for (const [nonce, expiresAt] of map) {
        if (expiresAt > now) break;
        map.delete(nonce);
      }
    }
  }
}
