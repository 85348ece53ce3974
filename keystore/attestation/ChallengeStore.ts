/**
 * One-time attestation challenges, each bound to the worker key it was issued to (ChallengeGate
 * checks that key first). A nonce is issued with a short expiry, kept in memory, and consumed by
 * the first attestation that presents it with the same key (whatever that attestation's outcome).
 * A used nonce is remembered until its expiry so a replay is reported as such; after that it is
 * simply unknown (still refused). Each key may hold at most `maxPerKey` outstanding challenges, so
 * no key can crowd out the others; `maxOutstanding` is a global backstop. Both limits answer
 * KEYSTORE__CHALLENGE_LIMIT, which workers treat as retryable. Expired entries are swept lazily
 * on every call — no timer to leak.
 * Not shared between keystore instances: a worker must attest to the instance that challenged it.
 */
import { randomBytes } from '@noble/ciphers/utils.js';
import { ErrandError } from '../../common/errors/index.ts';
import { bytesToHex } from '../envelope/bytes.ts';

export interface ChallengeStoreOptions {
  ttlMs: number;
  maxOutstanding: number;
  /** Outstanding challenges one worker key may hold (default 32: a worker's claim lanes). */
  maxPerKey?: number;
  now?: () => number;
}

export interface Challenge {
  nonce: string;
  expiresAt: number;
}

interface Issued {
  expiresAt: number;
  key: string;
}

export class ChallengeStore {
  readonly #issued = new Map<string, Issued>();
  readonly #used = new Map<string, Issued>();
  readonly #perKey = new Map<string, number>();
  readonly #options: Required<ChallengeStoreOptions>;

  constructor(options: ChallengeStoreOptions) {
    this.#options = { now: Date.now, maxPerKey: 32, ...options };
  }

  /** Throws KEYSTORE__CHALLENGE_LIMIT when `key` (or the store) has no room for another challenge. */
  assertRoomFor(key: string): void {
    this.#sweep();
    const mine = this.#perKey.get(key) ?? 0;
    if (mine >= this.#options.maxPerKey || this.#issued.size >= this.#options.maxOutstanding) {
      throw new ErrandError('KEYSTORE__CHALLENGE_LIMIT', 'too many outstanding attestation challenges', {
        outstanding: mine >= this.#options.maxPerKey ? mine : this.#issued.size,
      });
    }
  }

  issue(key: string): Challenge {
    this.assertRoomFor(key);
    const nonce = bytesToHex(randomBytes(32));
    const expiresAt = this.#options.now() + this.#options.ttlMs;
    this.#issued.set(nonce, { expiresAt, key });
    this.#perKey.set(key, (this.#perKey.get(key) ?? 0) + 1);
    return { nonce, expiresAt };
  }

  /** Marks the nonce used; throws KEYSTORE__NONCE_REPLAYED or KEYSTORE__NONCE_UNKNOWN if it cannot be. */
  consume(nonce: string, key: string): void {
    const now = this.#options.now();
    if (this.#used.has(nonce)) throw new ErrandError('KEYSTORE__NONCE_REPLAYED', 'attestation nonce was already used', {});
    const issued = this.#issued.get(nonce);
    this.#sweep();
    if (issued === undefined || issued.key !== key) {
      // A nonce issued to another key is unknown to this one, and stays usable by its owner.
      throw new ErrandError('KEYSTORE__NONCE_UNKNOWN', 'attestation nonce was not issued by this keystore to this key', { expired: false });
    }
    this.#forget(nonce, issued);
    if (issued.expiresAt <= now) throw new ErrandError('KEYSTORE__NONCE_UNKNOWN', 'attestation nonce expired', { expired: true });
    this.#used.set(nonce, issued);
  }

  get outstanding(): number {
    return this.#issued.size;
  }

  #forget(nonce: string, issued: Issued): void {
    if (!this.#issued.delete(nonce)) return;
    const left = (this.#perKey.get(issued.key) ?? 1) - 1;
    if (left <= 0) this.#perKey.delete(issued.key);
    else this.#perKey.set(issued.key, left);
  }

  #sweep(): void {
    const now = this.#options.now();
    // Every entry has the same ttl, so insertion order is expiry order: stop at the first live one.
    for (const [nonce, issued] of this.#issued) {
      if (issued.expiresAt > now) break;
      this.#forget(nonce, issued);
    }
    for (const [nonce, used] of this.#used) {
      if (used.expiresAt > now) break;
      this.#used.delete(nonce);
    }
  }
}
