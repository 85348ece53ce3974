/**
 * Constant expressions (global initialisers, segment offsets, element expressions) and the
 * index patches the encoder applies while copying a section. Constant expressions run once at
 * instantiation, so they are never metered; they are only checked and, when the fuel global is
 * imported, have their global indices shifted.
 */
import type { ByteReader } from './ByteReader.ts';
import type { ByteWriter } from './ByteWriter.ts';
import { hex, invalidModule, unsupportedFeature } from './errors.ts';
import { readRefType } from './valueTypes.ts';

/** Global-index facts shared by every decoder that meets a global index. */
export interface GlobalIndexing {
  originalGlobalCount: number;
  /** Original global indices ≥ this shift up by one (the fuel global is imported); undefined: no shift. */
  shiftGlobalsFrom: number | undefined;
}

/** Byte ranges of a section to replace by a re-encoded u32, in increasing order. */
export class Patches {
  private readonly pos: number[] = [];
  private readonly end: number[] = [];
  private readonly val: number[] = [];

  add(pos: number, end: number, val: number): void {
    this.pos.push(pos);
    this.end.push(end);
    this.val.push(val);
  }

  /** Reads a global index at the cursor, checks it and records the shift if one applies. */
  globalIndex(r: ByteReader, g: GlobalIndexing): number {
    const at = r.pos;
    const idx = r.u32();
    if (idx >= g.originalGlobalCount) throw invalidModule(`global index ${idx} out of range`, at);
    if (g.shiftGlobalsFrom !== undefined && idx >= g.shiftGlobalsFrom) this.add(at, r.pos, idx + 1);
    return idx;
  }

  /** Copies bytes[start, end) to `out`, applying the patches that fall inside. */
  emit(out: ByteWriter, bytes: Uint8Array, start: number, end: number): void {
    let cursor = start;
    for (let i = 0; i < this.pos.length; i++) {
      const p = this.pos[i]!;
      if (p < start || p >= end) continue;
      out.bytes(bytes, cursor, p);
      out.u32(this.val[i]!);
      cursor = this.end[i]!;
    }
    out.bytes(bytes, cursor, end);
  }
}

const EXTENDED_CONST = new Set([0x6a, 0x6b, 0x6c, 0x7c, 0x7d, 0x7e]);

export function readConstExpr(r: ByteReader, g: GlobalIndexing, patches: Patches): void {
  for (;;) {
    const at = r.pos;
    const code = r.u8();
    switch (code) {
      case 0x0b:
        return;
      case 0x41:
        r.skipSleb(5);
        break;
      case 0x42:
        r.skipSleb(10);
        break;
      case 0x43:
        r.skip(4);
        break;
      case 0x44:
        r.skip(8);
        break;
      case 0xd0:
        readRefType(r);
        break;
      case 0xd2:
        r.u32();
        break;
      case 0x23:
        patches.globalIndex(r, g);
        break;
      case 0xfd:
        if (r.u32() !== 0x0c) throw invalidModule('only v128.const is allowed in a constant expression', at);
        r.skip(16);
        break;
      default:
        if (EXTENDED_CONST.has(code)) throw unsupportedFeature('extended constant expressions', hex(code), at);
        throw invalidModule(`${hex(code)} is not allowed in a constant expression`, at);
    }
  }
}
