/**
 * Loop metering for contract code: rewrites a module so that every `loop` header decrements a
 * fuel counter (a new mutable i32 global, exported as FUEL_EXPORT) and traps with `unreachable`
 * when it reaches zero. Every way a WebAssembly call can run forever goes through a loop back-edge
 * (recursion ends in a stack overflow instead), so a metered call always stops, at a cost of a few
 * instructions per iteration instead of a watchdog thread per call.
 * The caller tells a fuel trap from the contract's own `unreachable` by reading the exported
 * global (0 after a fuel trap). Fuel is set per instance: each instantiation starts with `fuel`.
 * Does not promise: NEAR's per-instruction gas (fuel counts loop iterations only), nor support for
 * every proposal: a module using an opcode this decoder does not know (SIMD, threads, GC...)
 * returns null and the caller keeps its wall-clock guard for it.
 */

import { concat, Reader, section, sections, u32Leb, type Bytes, type Section } from './wasmBytes.ts';

export const FUEL_EXPORT = '__errand_fuel';

function i32Leb(n: number): number[] {
  const out: number[] = [];
  for (;;) {
    const x = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (x & 0x40) === 0) || (n === -1 && (x & 0x40) !== 0)) return [...out, x];
    out.push(x | 0x80);
  }
}

const NO_IMMEDIATE = new Set([
  0x00, 0x01, 0x05, 0x0b, 0x0f, 0x1a, 0x1b, 0xd1,
  ...Array.from({ length: 0xc4 - 0x45 + 1 }, (_, i) => 0x45 + i), // numeric ops
]);

class UnsupportedOpcode extends Error {}

/** Offsets just after each `loop`'s block type in one function body's instructions. */
function loopHeads(r: Reader, end: number): number[] {
  const heads: number[] = [];
  while (r.pos < end) {
    const op = r.byte();
    if (NO_IMMEDIATE.has(op)) continue;
    switch (op) {
      case 0x02: case 0x03: case 0x04: {
        const t = r.b[r.pos]!;
        if (t === 0x40 || (t >= 0x6f && t <= 0x7f)) r.skip(1);
        else r.skipLeb();
        if (op === 0x03) heads.push(r.pos);
        break;
      }
      case 0x0c: case 0x0d: case 0x10: case 0x12: case 0x20: case 0x21: case 0x22: case 0x23: case 0x24: case 0x25: case 0x26: case 0xd2:
        r.u32();
        break;
      case 0x0e: {
        const n = r.u32();
        for (let i = 0; i <= n; i++) r.u32();
        break;
      }
      case 0x11: case 0x13:
        r.u32();
        r.u32();
        break;
      case 0x1c: {
        const n = r.u32();
        r.skip(n);
        break;
      }
      case 0x3f: case 0x40: case 0xd0:
        r.skip(1);
        break;
      case 0x41: case 0x42:
        r.skipLeb();
        break;
      case 0x43: r.skip(4); break;
      case 0x44: r.skip(8); break;
      case 0xfc: {
        const sub = r.u32();
        if (sub <= 7) break;
        if (sub === 8) { r.u32(); r.skip(1); } else if (sub === 10) r.skip(2);
        else if (sub === 11) r.skip(1);
        else if (sub === 12 || sub === 14) { r.u32(); r.u32(); } else if (sub <= 17) r.u32();
        else throw new UnsupportedOpcode(`0xfc ${sub}`);
        break;
      }
      default:
        if (op >= 0x28 && op <= 0x3e) { r.u32(); r.u32(); break; } // loads and stores: memarg
        throw new UnsupportedOpcode(`0x${op.toString(16)}`);
    }
  }
  return heads;
}

function countImportedGlobals(b: Uint8Array, s: Section | undefined): number {
  if (!s) return 0;
  const r = new Reader(b);
  r.pos = s.start;
  let globals = 0;
  for (let n = r.u32(); n > 0; n--) {
    r.skip(r.u32());
    r.skip(r.u32());
    const kind = r.byte();
    if (kind === 0x00) r.u32();
    else if (kind === 0x01) { r.skip(1); const f = r.byte(); r.u32(); if (f & 1) r.u32(); } else if (kind === 0x02) { const f = r.byte(); r.u32(); if (f & 1) r.u32(); } else if (kind === 0x03) { r.skip(2); globals++; } else throw new UnsupportedOpcode(`import kind ${kind}`);
  }
  return globals;
}

/** The metered module's bytes, or null when the module uses something this rewriter does not know. */
export function meterLoops(code: Uint8Array, fuel: number): Uint8Array | null {
  try {
    return rewrite(code, fuel);
  } catch (e) {
    if (e instanceof UnsupportedOpcode || e instanceof RangeError) return null;
    throw e;
  }
}

function rewrite(b: Uint8Array, fuel: number): Uint8Array {
  const secs = sections(b);
  const exportSec = secs.find((s) => s.id === 7);
  if (!exportSec) throw new UnsupportedOpcode('no export section'); // nothing callable: the caller's guard is fine
  const globalSec = secs.find((s) => s.id === 6);
  const gr = new Reader(b);
  let definedGlobals = 0;
  if (globalSec) { gr.pos = globalSec.start; definedGlobals = gr.u32(); }
  const g = countImportedGlobals(b, secs.find((s) => s.id === 2)) + definedGlobals;
  const fuelGlobal = [0x7f, 0x01, 0x41, ...i32Leb(fuel), 0x0b];
  const check = [0x23, ...u32Leb(g), 0x41, 0x01, 0x6b, 0x24, ...u32Leb(g), 0x23, ...u32Leb(g), 0x45, 0x04, 0x40, 0x00, 0x0b];
  const out: Bytes[] = [b.subarray(0, 8)];
  let wroteGlobal = false;
  const writeGlobalSection = (): void => {
    out.push(...section(6, [u32Leb(definedGlobals + 1), globalSec ? b.subarray(gr.pos, globalSec.end) : [], fuelGlobal]));
    wroteGlobal = true;
  };
  for (const s of secs) {
    if (!wroteGlobal && s.id !== 0 && s.id !== 6 && s.id > 5) writeGlobalSection();
    if (s.id === 6) {
      if (!wroteGlobal) writeGlobalSection();
    } else if (s.id === 7) {
      const er = new Reader(b);
      er.pos = s.start;
      const n = er.u32();
      const name = new TextEncoder().encode(FUEL_EXPORT);
      out.push(...section(7, [u32Leb(n + 1), b.subarray(er.pos, s.end), u32Leb(name.length), name, [0x03, ...u32Leb(g)]]));
    } else if (s.id === 10) {
      out.push(...section(10, meterCode(b, s, check)));
    } else {
      out.push(...section(s.id, [b.subarray(s.start, s.end)]));
    }
  }
  return concat(out);
}

function meterCode(b: Uint8Array, s: Section, check: number[]): Bytes[] {
  const cr = new Reader(b);
  cr.pos = s.start;
  const n = cr.u32();
  const parts: Bytes[] = [u32Leb(n)];
  for (let i = 0; i < n; i++) {
    const size = cr.u32();
    const fnStart = cr.pos;
    const fnEnd = fnStart + size;
    for (let locals = cr.u32(); locals > 0; locals--) { cr.u32(); cr.skip(1); }
    const heads = loopHeads(cr, fnEnd);
    if (cr.pos !== fnEnd) throw new RangeError('function body overran its size');
    parts.push(u32Leb(size + heads.length * check.length));
    let at = fnStart;
    for (const h of heads) { parts.push(b.subarray(at, h), check); at = h; }
    parts.push(b.subarray(at, fnEnd));
  }
  return parts;
}
