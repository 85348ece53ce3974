/**
 * Turns the caller's seed and start time (or their absence) into the values the deterministic
 * clock and random stream use. Without a seed, the key is derived from the input, so the same
 * input gives the same run; without a start time, the start is derived from the same key (a point
 * in 2024-2025), so programs do not all believe it is the same instant.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { ErrandError } from '../../../common/errors/index.ts';
import { concatBytes } from '@noble/hashes/utils.js';

const DOMAIN = new TextEncoder().encode('errand/executor/seed/v1');
const EPOCH_2024_MS = 1_704_067_200_000n;
const SPREAD_MS = 365n * 24n * 3600n * 1000n;

export interface RunSeed {
  /** 32 bytes keying the ChaCha20 random stream. */
  key: Uint8Array;
  /** Wall-clock start of the run, ns since the Unix epoch. */
  startRealtimeNs: bigint;
}

export function deriveRunSeed(input: Uint8Array, seed?: number | bigint, startTimeMs?: number): RunSeed {
  const material = seed === undefined ? input : seedBytes(seed);
  const tag = new Uint8Array([seed === undefined ? 0 : 1]);
  const key = sha256(concatBytes(DOMAIN, tag, material));
  let startMs: bigint;
  if (startTimeMs !== undefined) {
    if (!Number.isSafeInteger(startTimeMs) || startTimeMs < 0) {
      throw new ErrandError('COMMON__INVALID_ARGUMENT', 'startTimeMs must be a non-negative integer', { field: 'startTimeMs' });
    }
    startMs = BigInt(startTimeMs);
  } else {
    const word = new DataView(key.buffer, key.byteOffset).getBigUint64(0, true);
    startMs = EPOCH_2024_MS + (word % SPREAD_MS);
  }
  return { key, startRealtimeNs: startMs * 1_000_000n };
}

function seedBytes(seed: number | bigint): Uint8Array {
  const value = typeof seed === 'bigint' ? seed : Number.isSafeInteger(seed) ? BigInt(seed) : -1n;
  if (value < 0n || value >= 1n << 64n) {
    throw new ErrandError('COMMON__INVALID_ARGUMENT', 'seed must be an integer in [0, 2^64)', { field: 'seed' });
  }
  const out = new Uint8Array(8);
  new DataView(out.buffer).setBigUint64(0, value, true);
  return out;
}
