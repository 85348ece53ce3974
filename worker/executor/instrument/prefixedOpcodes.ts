/**
 * Immediates of the 0xFC (saturating truncation, bulk memory, table operations) and 0xFD (SIMD)
 * opcode families, read after the prefix byte. Relaxed SIMD and memory.discard are post-2.0 and
 * unsupported; any other unknown sub-opcode is a malformed module.
 */
import type { ByteReader } from './ByteReader.ts';
import { DYN_BYTES, DYN_ELEMENTS } from './costModel.ts';
import { invalidModule, unsupportedFeature } from './errors.ts';
import * as op from './opcodes.ts';
import { readMemoryZero, skipMemarg } from './valueTypes.ts';

/** Reads a 0xFC instruction's sub-opcode and immediates; returns the dynamic charge it needs (0: none). */
export function scanFc(r: ByteReader, at: number): number {
  const sub = r.u32();
  switch (sub < op.FC_KIND.length ? op.FC_KIND[sub] : 0) {
    case op.FC_NONE:
      return 0;
    case op.FC_U32:
      r.u32();
      return 0;
    case op.FC_MEMORY_INIT:
      r.u32();
      readMemoryZero(r);
      return DYN_BYTES;
    case op.FC_MEMORY_COPY:
      readMemoryZero(r);
      readMemoryZero(r);
      return DYN_BYTES;
    case op.FC_MEMORY_FILL:
      readMemoryZero(r);
      return DYN_BYTES;
    case op.FC_TABLE_2U32_DYN:
      r.u32();
      r.u32();
      return DYN_ELEMENTS;
    case op.FC_TABLE_U32_DYN:
      r.u32();
      return DYN_ELEMENTS;
    default:
      if (sub === 0x12) throw unsupportedFeature('memory control (memory.discard)', `0xfc ${sub}`, at);
      throw invalidModule(`unknown opcode 0xfc ${sub}`, at);
  }
}

/** Reads a 0xFD (SIMD) instruction's sub-opcode and immediates. */
export function scanFd(r: ByteReader, at: number): void {
  const sub = r.u32();
  if (sub > 0xff) {
    if (sub >= op.RELAXED_SIMD_FIRST && sub <= op.RELAXED_SIMD_LAST) throw unsupportedFeature('relaxed SIMD', `0xfd ${sub}`, at);
    throw invalidModule(`unknown opcode 0xfd ${sub}`, at);
  }
  switch (op.SIMD_KIND[sub]) {
    case op.SIMD_NONE:
      return;
    case op.SIMD_MEMARG:
      skipMemarg(r);
      return;
    case op.SIMD_BYTES16:
      r.skip(16);
      return;
    case op.SIMD_LANE:
      r.u8();
      return;
    case op.SIMD_MEMARG_LANE:
      skipMemarg(r);
      r.u8();
      return;
    default:
      throw invalidModule(`unknown opcode 0xfd ${sub}`, at);
  }
}
