/**
 * Which WebAssembly proposals a contract module uses, as nearcore's prepare step sees them: it
 * validates with wasmparser and a feature set per protocol version (runtime/near-vm-runner
 * features.rs): the MVP plus sign extension up to protocol 83, plus reference types and bulk
 * memory from 84. Mutable globals are MVP for NEAR. Everything else (saturating float-to-int,
 * multi-value, SIMD, threads, tail calls, exceptions, multi-memory...) is refused in every version.
 * Does not promise: validation (V8 and the instrumenter do that); a malformed module reports
 * 'malformed' and is refused too.
 */
import { Reader, sections } from './wasmBytes.ts';

export type WasmFeature =
  | 'sign-extension'
  | 'bulk-memory'
  | 'reference-types'
  | 'saturating-float-to-int'
  | 'multi-value'
  | 'simd'
  | 'threads'
  | 'multi-memory'
  | 'other-proposal'
  | 'malformed';

const REF_TYPES = new Set([0x70, 0x6f]);
const NUM_TYPES = new Set([0x7f, 0x7e, 0x7d, 0x7c]);

/** The features `code` uses beyond the MVP. */
export function wasmFeatures(code: Uint8Array): Set<WasmFeature> {
  const used = new Set<WasmFeature>();
  try {
    scanModule(code, used);
  } catch (e) {
    if (!(e instanceof RangeError)) throw e;
    used.add('malformed');
  }
  return used;
}

/** The features protocol `referenceTypesBulkMemory` refuses, from `wasmFeatures`. */
export function disallowedFeatures(used: Set<WasmFeature>, referenceTypesBulkMemory: boolean): WasmFeature[] {
  return [...used].filter((f) => f !== 'sign-extension' && !(referenceTypesBulkMemory && (f === 'bulk-memory' || f === 'reference-types')));
}

function valType(b: number, used: Set<WasmFeature>): void {
  if (NUM_TYPES.has(b)) return;
  if (REF_TYPES.has(b)) used.add('reference-types');
  else if (b === 0x7b) used.add('simd');
  else used.add('other-proposal');
}

function scanModule(b: Uint8Array, used: Set<WasmFeature>): void {
  let tables = 0;
  for (const s of sections(b)) {
    const r = new Reader(b);
    r.pos = s.start;
    if (s.end > b.length) throw new RangeError('section overruns the module');
    switch (s.id) {
      case 1: // types
        for (let i = r.u32(); i > 0; i--) {
          if (r.byte() !== 0x60) used.add('other-proposal');
          for (let p = r.u32(); p > 0; p--) valType(r.byte(), used);
          const results = r.u32();
          if (results > 1) used.add('multi-value');
          for (let q = results; q > 0; q--) valType(r.byte(), used);
        }
        break;
      case 2: // imports
        for (let n = r.u32(); n > 0; n--) {
          r.skip(r.u32());
          r.skip(r.u32());
          const kind = r.byte();
          if (kind === 0x00) r.u32();
          else if (kind === 0x01) {
            tables++;
            r.skip(1);
            limits(r, used);
          } else if (kind === 0x02) limits(r, used);
          else if (kind === 0x03) {
            valType(r.byte(), used);
            r.skip(1);
          } else used.add('other-proposal');
        }
        break;
      case 4: // tables
        for (let n = r.u32(); n > 0; n--) {
          tables++;
          if (r.byte() !== 0x70) used.add('reference-types');
          limits(r, used);
        }
        break;
      case 5: // memories
        if (r.u32() > 1) used.add('multi-memory');
        break;
      case 6: // globals
        for (let n = r.u32(); n > 0; n--) {
          valType(r.byte(), used);
          r.skip(1);
          code(r, s.end, used);
        }
        break;
      case 9: // elements
        for (let n = r.u32(); n > 0; n--) {
          const flags = r.u32();
          if (flags !== 0) used.add(flags & 1 ? 'bulk-memory' : 'reference-types');
          if (flags > 7) {
            used.add('malformed');
            return;
          }
          if ((flags & 3) === 2) r.u32(); // table index
          if ((flags & 1) === 0) code(r, s.end, used); // offset
          if (flags & 3) r.byte(); // elemkind or reftype
          for (let m = r.u32(); m > 0; m--) {
            if (flags & 4) code(r, s.end, used);
            else r.u32();
          }
        }
        break;
      case 10: // code
        for (let n = r.u32(); n > 0; n--) {
          const size = r.u32();
          const end = r.pos + size;
          for (let groups = r.u32(); groups > 0; groups--) {
            r.u32();
            valType(r.byte(), used);
          }
          code(r, end, used);
          r.pos = end;
        }
        break;
      case 11: // data
        for (let n = r.u32(); n > 0; n--) {
          const flags = r.u32();
          if (flags === 1) used.add('bulk-memory');
          else if (flags === 2) {
            if (r.u32() !== 0) used.add('multi-memory');
          } else if (flags !== 0) {
            used.add('malformed');
            return;
          }
          if (flags !== 1) code(r, s.end, used);
          r.skip(r.u32());
        }
        break;
      case 12: // data count
        used.add('bulk-memory');
        break;
      default:
        if (s.id > 12) used.add('other-proposal');
    }
  }
  if (tables > 1) used.add('reference-types');
}

function limits(r: Reader, used: Set<WasmFeature>): void {
  const flags = r.byte();
  if (flags & ~1) used.add(flags & 2 ? 'threads' : 'other-proposal');
  r.u32();
  if (flags & 1) r.u32();
}

function blockType(r: Reader, used: Set<WasmFeature>): void {
  const t = r.b[r.pos]!;
  if (t === 0x40) {
    r.skip(1);
    return;
  }
  if (NUM_TYPES.has(t) || REF_TYPES.has(t) || t === 0x7b) {
    valType(r.byte(), used);
    return;
  }
  used.add('multi-value'); // a type index
  r.skipLeb();
}

/** Walks instructions until the `end` that closes a function body or a constant expression. */
function code(r: Reader, end: number, used: Set<WasmFeature>): void {
  let depth = 0;
  while (r.pos < end) {
    const op = r.byte();
    if (op === 0x0b) {
      if (depth === 0) return;
      depth--;
      continue;
    }
    if (op >= 0x45 && op <= 0xbf) continue; // MVP numeric
    if (op >= 0xc0 && op <= 0xc4) {
      used.add('sign-extension');
      continue;
    }
    if (op >= 0x28 && op <= 0x3e) {
      r.u32();
      r.u32();
      continue;
    } // loads, stores
    switch (op) {
      case 0x00:
      case 0x01:
      case 0x05:
      case 0x0f:
      case 0x1a:
      case 0x1b:
        break;
      case 0x02:
      case 0x03:
      case 0x04:
        blockType(r, used);
        depth++;
        break;
      case 0x0c:
      case 0x0d:
      case 0x10:
      case 0x20:
      case 0x21:
      case 0x22:
      case 0x23:
      case 0x24:
        r.u32();
        break;
      case 0x0e:
        for (let n = r.u32(); n >= 0; n--) r.u32();
        break;
      case 0x11:
        r.u32();
        if (r.u32() !== 0) used.add('reference-types');
        break;
      case 0x1c:
        used.add('reference-types');
        for (let n = r.u32(); n > 0; n--) r.byte();
        break;
      case 0x25:
      case 0x26:
        used.add('reference-types');
        r.u32();
        break;
      case 0x3f:
      case 0x40:
        if (r.byte() !== 0) used.add('multi-memory');
        break;
      case 0x41:
      case 0x42:
        r.skipLeb();
        break;
      case 0x43:
        r.skip(4);
        break;
      case 0x44:
        r.skip(8);
        break;
      case 0xd0:
        used.add('reference-types');
        r.byte();
        break;
      case 0xd1:
        used.add('reference-types');
        break;
      case 0xd2:
        used.add('reference-types');
        r.u32();
        break;
      case 0xfc:
        prefixedFc(r, used);
        break;
      case 0xfd:
        used.add('simd');
        return; // immediates vary; the module is refused anyway
      case 0xfe:
        used.add('threads');
        return;
      default:
        used.add('other-proposal');
        return;
    }
  }
}

function prefixedFc(r: Reader, used: Set<WasmFeature>): void {
  const sub = r.u32();
  if (sub <= 7) {
    used.add('saturating-float-to-int');
    return;
  }
  if (sub <= 11) {
    used.add('bulk-memory');
    if (sub === 8) {
      r.u32();
      r.byte();
    } else if (sub === 9) r.u32();
    else if (sub === 10) r.skip(2);
    else r.byte();
    return;
  }
  if (sub <= 17) {
    // table.init/elem.drop/table.copy are bulk memory; grow/size/fill are reference types.
    used.add(sub <= 14 ? 'bulk-memory' : 'reference-types');
    if (sub === 12 || sub === 14) {
      r.u32();
      r.u32();
    } else r.u32();
    return;
  }
  used.add('other-proposal');
}
