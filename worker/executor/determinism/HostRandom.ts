/**
 * The randomness a guest sees (WASI random_get, wasi:random). Deterministic mode draws from a
 * ChaCha20 keystream keyed by the run's 32-byte seed key, consumed as one stream: the bytes a
 * guest gets depend only on the seed and on how many bytes it asked for before, not on how the
 * requests were split. Not a secret: anybody with the seed can replay it (that is the point).
 */
import { createCipheriv, randomFillSync, type Cipher } from 'node:crypto';

export interface HostRandom {
  fill(target: Uint8Array): void;
}

/** Zeroes encrypted in chunks of this size (the keystream is the same however it is chunked). */
const CHUNK = 64 * 1024;
const ZEROES = new Uint8Array(CHUNK);
/** OpenSSL's chacha20 IV: 32-bit little-endian block counter (0), then the 96-bit nonce (zero). */
const IV = new Uint8Array(16);

export class SeededRandom implements HostRandom {
  private readonly stream: Cipher;

  constructor(key: Uint8Array) {
    if (key.length !== 32) throw new RangeError('seed key must be 32 bytes');
    // The RFC 8439 keystream (the same bytes as @noble/ciphers' chacha20 from block 0), native.
    this.stream = createCipheriv('chacha20', key, IV);
  }

  fill(target: Uint8Array): void {
    for (let at = 0; at < target.length; at += CHUNK) {
      const n = Math.min(CHUNK, target.length - at);
      target.set(this.stream.update(n === CHUNK ? ZEROES : ZEROES.subarray(0, n)), at);
    }
  }
}

export class SystemRandom implements HostRandom {
  fill(target: Uint8Array): void {
    randomFillSync(target);
  }
}
