/**
 * The randomness a guest sees (WASI random_get, wasi:random). Deterministic mode draws from a
 * ChaCha20 keystream keyed by the run's 32-byte seed key, consumed as one stream: the bytes a
 * guest gets depend only on the seed and on how many bytes it asked for before, not on how the
 * requests were split. Not a secret: anybody with the seed can replay it (that is the point).
 */
import { chacha20 } from '@noble/ciphers/chacha.js';
import { randomFillSync } from 'node:crypto';

export interface HostRandom {
  fill(target: Uint8Array): void;
}

const BLOCK_BYTES = 64;
const POOL_BLOCKS = 64;
const ZERO_NONCE = new Uint8Array(12);

export class SeededRandom implements HostRandom {
  private pool = new Uint8Array(0);
  private poolOffset = 0;
  private nextBlock = 0;

  constructor(private readonly key: Uint8Array) {
    if (key.length !== 32) throw new RangeError('seed key must be 32 bytes');
  }

  fill(target: Uint8Array): void {
    let written = 0;
    while (written < target.length) {
      if (this.poolOffset === this.pool.length) this.refill();
      const take = Math.min(target.length - written, this.pool.length - this.poolOffset);
      target.set(this.pool.subarray(this.poolOffset, this.poolOffset + take), written);
      this.poolOffset += take;
      written += take;
    }
  }

  private refill(): void {
    this.pool = chacha20(this.key, ZERO_NONCE, new Uint8Array(BLOCK_BYTES * POOL_BLOCKS), undefined, this.nextBlock);
    this.nextBlock += POOL_BLOCKS;
    this.poolOffset = 0;
  }
}

export class SystemRandom implements HostRandom {
  fill(target: Uint8Array): void {
    randomFillSync(target);
  }
}
