/** Limits of memories and tables. Shared memories (threads) and 64-bit ones (memory64) are unsupported. */
import type { ByteReader } from './ByteReader.ts';
import { hex, invalidModule, unsupportedFeature } from './errors.ts';

export interface Limits {
  min: number;
  max?: number;
}

export function readLimits(r: ByteReader, what: 'memory' | 'table'): Limits {
  const at = r.pos;
  const flags = r.u8();
  if (flags === 0x00) return { min: r.u32() };
  if (flags === 0x01) {
    const min = r.u32();
    const max = r.u32();
    return { min, max };
  }
  if (what === 'memory' && (flags === 0x02 || flags === 0x03)) throw unsupportedFeature('threads (shared memory)', undefined, at);
  if (flags >= 0x04 && flags <= 0x07) throw unsupportedFeature(what === 'memory' ? 'memory64' : 'table64', undefined, at);
  throw invalidModule(`bad ${what} limits flags ${hex(flags)}`, at);
}

export function writeLimits(out: { u8(b: number): void; u32(v: number): void }, limits: Limits): void {
  if (limits.max === undefined) {
    out.u8(0x00);
    out.u32(limits.min);
  } else {
    out.u8(0x01);
    out.u32(limits.min);
    out.u32(limits.max);
  }
}
