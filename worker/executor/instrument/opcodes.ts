/**
 * Opcode tables of WebAssembly 2.0: for every opcode, the shape of its immediates and whether it
 * ends a basic block. Opcodes of post-2.0 proposals map to a feature name so that the decoder can
 * reject them with EXECUTOR__UNSUPPORTED_FEATURE; anything else unknown is a malformed module.
 * Plain numeric constants rather than enums: they are compared in the decoder's hot loop.
 */

// Kinds of single-byte opcodes.
export const K_INVALID = 0;
export const K_NONE = 1;
export const K_BLOCK = 2;
export const K_LOOP = 3;
export const K_IF = 4;
export const K_ELSE = 5;
export const K_END = 6;
export const K_BR = 7;
export const K_BR_IF = 8;
export const K_BR_TABLE = 9;
export const K_RETURN = 10; // return, unreachable: end a block, no immediate
export const K_U32 = 11; // one index: table.get/set, ref.func
export const K_CALL_INDIRECT = 12;
export const K_SELECT_T = 13;
export const K_LOCAL = 14;
export const K_GLOBAL = 15;
export const K_MEMARG = 16;
export const K_MEMORY_SIZE = 17;
export const K_MEMORY_GROW = 18;
export const K_I32_CONST = 19;
export const K_I64_CONST = 20;
export const K_F32_CONST = 21;
export const K_F64_CONST = 22;
export const K_REF_NULL = 23;
export const K_PREFIX_FC = 24;
export const K_PREFIX_FD = 25;
export const K_UNSUPPORTED = 26;
export const K_CALL = 27;

export const OPCODE_KIND = new Uint8Array(256);
/** Post-2.0 single-byte opcodes, by the feature that introduced them. */
export const UNSUPPORTED_OPCODE = new Map<number, string>();

function setKind(kind: number, ...ops: number[]): void {
  for (const op of ops) OPCODE_KIND[op] = kind;
}
function setRange(kind: number, from: number, to: number): void {
  for (let op = from; op <= to; op++) OPCODE_KIND[op] = kind;
}
function unsupported(feature: string, ...ops: number[]): void {
  for (const op of ops) {
    OPCODE_KIND[op] = K_UNSUPPORTED;
    UNSUPPORTED_OPCODE.set(op, feature);
  }
}

setKind(K_RETURN, 0x00, 0x0f); // unreachable, return
setKind(K_NONE, 0x01, 0x1a, 0x1b, 0xd1); // nop, drop, select, ref.is_null
setKind(K_BLOCK, 0x02);
setKind(K_LOOP, 0x03);
setKind(K_IF, 0x04);
setKind(K_ELSE, 0x05);
setKind(K_END, 0x0b);
setKind(K_BR, 0x0c);
setKind(K_BR_IF, 0x0d);
setKind(K_BR_TABLE, 0x0e);
setKind(K_CALL, 0x10);
setKind(K_U32, 0x25, 0x26, 0xd2); // table.get, table.set, ref.func
setKind(K_CALL_INDIRECT, 0x11);
setKind(K_SELECT_T, 0x1c);
setRange(K_LOCAL, 0x20, 0x22);
setRange(K_GLOBAL, 0x23, 0x24);
setRange(K_MEMARG, 0x28, 0x3e);
setKind(K_MEMORY_SIZE, 0x3f);
setKind(K_MEMORY_GROW, 0x40);
setKind(K_I32_CONST, 0x41);
setKind(K_I64_CONST, 0x42);
setKind(K_F32_CONST, 0x43);
setKind(K_F64_CONST, 0x44);
setRange(K_NONE, 0x45, 0xc4); // numeric, conversions, reinterpretations, sign extension
setKind(K_REF_NULL, 0xd0);
setKind(K_PREFIX_FC, 0xfc);
setKind(K_PREFIX_FD, 0xfd);

unsupported('exception handling', 0x06, 0x07, 0x08, 0x09, 0x0a, 0x18, 0x19, 0x1f);
unsupported('tail calls', 0x12, 0x13);
unsupported('typed function references', 0x14, 0x15, 0xd4, 0xd5, 0xd6);
unsupported('garbage collection', 0xd3, 0xfb);
unsupported('threads and atomics', 0xfe);
unsupported('stack switching', 0xe0, 0xe1, 0xe2, 0xe3, 0xe4, 0xe5);

// 0xFC sub-opcodes (saturating truncation, bulk memory, table operations).
export const FC_NONE = 1;
export const FC_U32 = 2; // data.drop, elem.drop, table.size
export const FC_MEMORY_INIT = 3; // dataidx, memidx byte; dynamic charge
export const FC_MEMORY_COPY = 4; // two memidx bytes; dynamic charge
export const FC_MEMORY_FILL = 5; // memidx byte; dynamic charge
export const FC_TABLE_2U32_DYN = 6; // table.init, table.copy; dynamic charge
export const FC_TABLE_U32_DYN = 7; // table.grow, table.fill; dynamic charge

export const FC_KIND = new Uint8Array([
  FC_NONE,
  FC_NONE,
  FC_NONE,
  FC_NONE,
  FC_NONE,
  FC_NONE,
  FC_NONE,
  FC_NONE, // 0-7 trunc_sat
  FC_MEMORY_INIT,
  FC_U32,
  FC_MEMORY_COPY,
  FC_MEMORY_FILL, // 8-11
  FC_TABLE_2U32_DYN,
  FC_U32,
  FC_TABLE_2U32_DYN,
  FC_TABLE_U32_DYN,
  FC_U32,
  FC_TABLE_U32_DYN, // 12-17
]);

// 0xFD sub-opcodes (fixed-width SIMD).
export const SIMD_NONE = 1;
export const SIMD_MEMARG = 2;
export const SIMD_BYTES16 = 3; // v128.const, i8x16.shuffle
export const SIMD_LANE = 4;
export const SIMD_MEMARG_LANE = 5;

export const SIMD_KIND = new Uint8Array(256);
for (let op = 0; op <= 0xff; op++) SIMD_KIND[op] = SIMD_NONE;
for (let op = 0x00; op <= 0x0b; op++) SIMD_KIND[op] = SIMD_MEMARG;
SIMD_KIND[0x0c] = SIMD_BYTES16;
SIMD_KIND[0x0d] = SIMD_BYTES16;
for (let op = 0x15; op <= 0x22; op++) SIMD_KIND[op] = SIMD_LANE;
for (let op = 0x54; op <= 0x5b; op++) SIMD_KIND[op] = SIMD_MEMARG_LANE;
SIMD_KIND[0x5c] = SIMD_MEMARG;
SIMD_KIND[0x5d] = SIMD_MEMARG;
// Holes of the final SIMD opcode space (reserved, never assigned in 2.0).
for (const op of [0x9a, 0xa2, 0xa5, 0xa6, 0xaf, 0xb0, 0xb2, 0xb3, 0xb4, 0xbb, 0xc2, 0xc5, 0xc6, 0xcf, 0xd0, 0xd2, 0xd3, 0xd4, 0xe2, 0xee]) {
  SIMD_KIND[op] = K_INVALID;
}
/** Relaxed SIMD occupies 0xFD 0x100..0x113. */
export const RELAXED_SIMD_FIRST = 0x100;
export const RELAXED_SIMD_LAST = 0x113;

/** Value types of 2.0 (i32 i64 f32 f64 v128 funcref externref). */
export function isValType(b: number): boolean {
  return (b >= 0x7b && b <= 0x7f) || b === 0x70 || b === 0x6f;
}
export function isRefType(b: number): boolean {
  return b === 0x70 || b === 0x6f;
}
