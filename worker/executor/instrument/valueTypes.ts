/** Checks of value and reference type bytes: 2.0 types pass, post-2.0 ones are unsupported, the rest malformed. */
import type { ByteReader } from './ByteReader.ts';
import { hex, invalidModule, unsupportedFeature } from './errors.ts';
import { isRefType, isValType } from './opcodes.ts';

function typeError(b: number, offset: number): Error {
  // 0x63..0x74 are the reference types of typed function references, GC and exception handling.
  if (b >= 0x63 && b <= 0x74) return unsupportedFeature('reference types beyond funcref/externref', hex(b), offset);
  return invalidModule(`unknown value type ${hex(b)}`, offset);
}

export function readValType(r: ByteReader): number {
  const at = r.pos;
  const b = r.u8();
  if (!isValType(b)) throw typeError(b, at);
  return b;
}

export function readRefType(r: ByteReader): number {
  const at = r.pos;
  const b = r.u8();
  if (!isRefType(b)) throw isValType(b) ? invalidModule(`${hex(b)} is not a reference type`, at) : typeError(b, at);
  return b;
}

/** Block type: empty (0x40), one value type, or a type index (s33 ≥ 0). */
export function skipBlockType(r: ByteReader, typeCount: number): void {
  const at = r.pos;
  const v = r.s33();
  if (v >= 0) {
    if (v >= typeCount) throw invalidModule(`block type index ${v} out of range`, at);
    return;
  }
  if (v === -64) return;
  const b = v + 128;
  if (v < -64 || !isValType(b)) throw typeError(b & 0xff, at);
}

/** Memory argument of loads and stores; bit 6 of the alignment selects a memory index (multi-memory). */
export function skipMemarg(r: ByteReader): void {
  const at = r.pos;
  const align = r.u32();
  if (align & 0x40) throw unsupportedFeature('multi-memory', undefined, at);
  r.u32();
}

/** The memory index byte of memory.size/grow/init/copy/fill: only memory 0 exists in 2.0. */
export function readMemoryZero(r: ByteReader): void {
  const at = r.pos;
  if (r.u8() !== 0) throw unsupportedFeature('multi-memory', undefined, at);
}
