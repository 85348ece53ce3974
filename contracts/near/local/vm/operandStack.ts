/**
 * The most bytes each defined function keeps on its operand stack, as finite-wasm's max_stack
 * analysis sizes values for nearcore (i32/f32 4 bytes, i64/f64/references 8, v128 16): one typed
 * walk over every body, popping and pushing value sizes and resetting the stack at the end of
 * each block. nearcore reserves this plus the function's frame against max_stack_height on every
 * call (compileContract.ts hands both to the instrumenter's stack budget).
 * Does not promise: validation (the instrumenter and V8 do that), nor finite-wasm's exact count
 * in unreachable code, where this walk only stops popping below the block's base.
 */
import { Reader, sections } from './wasmBytes.ts';

const SIZE: Record<number, number> = { 0x7f: 4, 0x7e: 8, 0x7d: 4, 0x7c: 8, 0x7b: 16, 0x70: 8, 0x6f: 8 };
const size = (t: number): number => SIZE[t] ?? 8;

interface FuncType {
  params: number[];
  results: number[];
}
interface Frame {
  base: number;
  params: number[];
  results: number[];
  isIf: boolean;
}

/** Max operand stack bytes per defined function, in code-section order. */
export function operandStackBytes(b: Uint8Array): number[] {
  const types: FuncType[] = [];
  const funcTypes: number[] = []; // type index of every function, imported first
  const globals: number[] = []; // value type of every global, imported first
  const out: number[] = [];
  for (const s of sections(b)) {
    const r = new Reader(b);
    r.pos = s.start;
    if (s.id === 1) {
      for (let n = r.u32(); n > 0; n--) {
        r.byte();
        const params = Array.from({ length: r.u32() }, () => r.byte());
        const results = Array.from({ length: r.u32() }, () => r.byte());
        types.push({ params, results });
      }
    } else if (s.id === 2) {
      for (let n = r.u32(); n > 0; n--) {
        r.skip(r.u32());
        r.skip(r.u32());
        const kind = r.byte();
        if (kind === 0x00) funcTypes.push(r.u32());
        else if (kind === 0x01) {
          r.byte();
          limits(r);
        } else if (kind === 0x02) limits(r);
        else {
          globals.push(r.byte());
          r.byte();
        }
      }
    } else if (s.id === 3) {
      for (let n = r.u32(); n > 0; n--) funcTypes.push(r.u32());
    } else if (s.id === 6) {
      for (let n = r.u32(); n > 0; n--) {
        globals.push(r.byte());
        r.byte();
        skipConstExpr(r);
      }
    } else if (s.id === 10) {
      const imported = funcTypes.length - r.u32();
      for (let i = 0; r.pos < s.end; i++) {
        const end = r.u32() + r.pos;
        const t = types[funcTypes[imported + i]!]!;
        const locals = [...t.params];
        for (let g = r.u32(); g > 0; g--) {
          const count = r.u32();
          const ty = r.byte();
          for (let k = 0; k < count; k++) locals.push(ty);
        }
        out.push(walk(r, end, { types, funcTypes, globals, locals, results: t.results }));
        r.pos = end;
      }
    }
  }
  return out;
}

function limits(r: Reader): void {
  const flags = r.byte();
  r.u32();
  if (flags & 1) r.u32();
}

function skipConstExpr(r: Reader): void {
  for (;;) {
    const op = r.byte();
    if (op === 0x0b) return;
    if (op === 0x41 || op === 0x42) r.skipLeb();
    else if (op === 0x43) r.skip(4);
    else if (op === 0x44) r.skip(8);
    else if (op === 0x23 || op === 0xd2) r.u32();
    else if (op === 0xd0) r.byte();
  }
}

interface Ctx {
  types: FuncType[];
  funcTypes: number[];
  globals: number[];
  locals: number[];
  results: number[];
}

/** Pops of MVP/sign-extension numeric opcodes (0x45..0xc4) and the size they push. */
function numeric(op: number): [number, number] {
  if (op === 0x45 || op === 0x50) return [1, 4];
  if (op <= 0x66) return [2, 4]; // comparisons
  if (op <= 0x69) return [1, 4];
  if (op <= 0x78) return [2, 4];
  if (op <= 0x7b) return [1, 8];
  if (op <= 0x8a) return [2, 8];
  if (op <= 0x91) return [1, 4];
  if (op <= 0x98) return [2, 4];
  if (op <= 0x9f) return [1, 8];
  if (op <= 0xa6) return [2, 8];
  // Conversions and sign extension: one operand, the result type by opcode.
  if (op <= 0xab || (op >= 0xb2 && op <= 0xb6) || op === 0xbc || op === 0xbe || op === 0xc0 || op === 0xc1) return [1, 4];
  return [1, 8];
}

function walk(r: Reader, end: number, c: Ctx): number {
  const stack: number[] = [];
  let height = 0;
  let max = 0;
  const frames: Frame[] = [{ base: 0, params: [], results: c.results, isIf: false }];
  const push = (bytes: number): void => {
    stack.push(bytes);
    height += bytes;
    if (height > max) max = height;
  };
  const pop = (n = 1): number => {
    let last = 0;
    const floor = frames[frames.length - 1]!.base;
    for (let i = 0; i < n && stack.length > floor; i++) {
      last = stack.pop()!;
      height -= last;
    }
    return last;
  };
  const unreachable = (): void => {
    const floor = frames[frames.length - 1]!.base;
    while (stack.length > floor) height -= stack.pop()!;
  };
  const blockType = (): FuncType => {
    const t = r.b[r.pos]!;
    if (t === 0x40) {
      r.skip(1);
      return { params: [], results: [] };
    }
    if (SIZE[t] !== undefined) {
      r.skip(1);
      return { params: [], results: [t] };
    }
    const idx = r.u32();
    return c.types[idx] ?? { params: [], results: [] };
  };
  const enter = (t: FuncType, isIf: boolean): void => {
    pop(t.params.length);
    frames.push({ base: stack.length, params: t.params, results: t.results, isIf });
    for (const p of t.params) push(size(p));
  };
  while (r.pos < end) {
    const op = r.byte();
    if (op >= 0x45 && op <= 0xc4) {
      const [pops, bytes] = numeric(op);
      pop(pops);
      push(bytes);
      continue;
    }
    if (op >= 0x28 && op <= 0x35) {
      r.u32();
      r.u32();
      pop();
      push(op === 0x28 || op === 0x2a || (op >= 0x2c && op <= 0x2f) ? 4 : 8);
      continue;
    }
    if (op >= 0x36 && op <= 0x3e) {
      r.u32();
      r.u32();
      pop(2);
      continue;
    }
    switch (op) {
      case 0x00:
        unreachable();
        break;
      case 0x01:
        break;
      case 0x02:
      case 0x03:
        enter(blockType(), false);
        break;
      case 0x04: {
        const t = blockType();
        pop();
        enter(t, true);
        break;
      }
      case 0x05: {
        const f = frames[frames.length - 1]!;
        unreachable();
        for (const p of f.params) push(size(p));
        break;
      }
      case 0x0b: {
        const f = frames.pop()!;
        while (stack.length > f.base) height -= stack.pop()!;
        if (frames.length === 0) return max;
        for (const t of f.results) push(size(t));
        break;
      }
      case 0x0c:
        r.u32();
        unreachable();
        break;
      case 0x0d:
        r.u32();
        pop();
        break;
      case 0x0e:
        for (let n = r.u32(); n >= 0; n--) r.u32();
        pop();
        unreachable();
        break;
      case 0x0f:
        unreachable();
        break;
      case 0x10: {
        const t = c.types[c.funcTypes[r.u32()]!]!;
        pop(t.params.length);
        for (const x of t.results) push(size(x));
        break;
      }
      case 0x11: {
        const t = c.types[r.u32()]!;
        r.u32();
        pop(1 + t.params.length);
        for (const x of t.results) push(size(x));
        break;
      }
      case 0x1a:
        pop();
        break;
      case 0x1b: {
        pop();
        pop();
        push(pop() || 4);
        break;
      }
      case 0x1c: {
        const n = r.u32();
        let t = 0x7f;
        for (let i = 0; i < n; i++) t = r.byte();
        pop(3);
        push(size(t));
        break;
      }
      case 0x20:
        push(size(c.locals[r.u32()]!));
        break;
      case 0x21:
        r.u32();
        pop();
        break;
      case 0x22: {
        const l = r.u32();
        pop();
        push(size(c.locals[l]!));
        break;
      }
      case 0x23:
        push(size(c.globals[r.u32()]!));
        break;
      case 0x24:
        r.u32();
        pop();
        break;
      case 0x25:
        r.u32();
        pop();
        push(8);
        break;
      case 0x26:
        r.u32();
        pop(2);
        break;
      case 0x3f:
        r.byte();
        push(4);
        break;
      case 0x40:
        r.byte();
        pop();
        push(4);
        break;
      case 0x41:
        r.skipLeb();
        push(4);
        break;
      case 0x42:
        r.skipLeb();
        push(8);
        break;
      case 0x43:
        r.skip(4);
        push(4);
        break;
      case 0x44:
        r.skip(8);
        push(8);
        break;
      case 0xd0:
        r.byte();
        push(8);
        break;
      case 0xd1:
        pop();
        push(4);
        break;
      case 0xd2:
        r.u32();
        push(8);
        break;
      case 0xfc:
        prefixed(r, pop, push);
        break;
      default:
        return max; // post-MVP opcodes the deploy check refuses anyway
    }
  }
  return max;
}

function prefixed(r: Reader, pop: (n?: number) => number, push: (bytes: number) => void): void {
  const sub = r.u32();
  if (sub <= 7) {
    pop();
    push(sub <= 3 ? 4 : 8);
    return;
  }
  switch (sub) {
    case 8:
      r.u32();
      r.byte();
      pop(3);
      return;
    case 9:
      r.u32();
      return;
    case 10:
      r.skip(2);
      pop(3);
      return;
    case 11:
      r.byte();
      pop(3);
      return;
    case 12:
    case 14:
      r.u32();
      r.u32();
      pop(3);
      return;
    case 13:
      r.u32();
      return;
    case 15:
      r.u32();
      pop(2);
      push(4);
      return;
    case 16:
      r.u32();
      push(4);
      return;
    case 17:
      r.u32();
      pop(3);
      return;
    default:
      return;
  }
}
