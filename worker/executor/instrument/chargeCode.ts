/**
 * The instruction sequences the instrumenter inserts. Inside a function the counter lives in a
 * scratch i64 local $f (a register, once compiled); the global $fuel is read at function entry and
 * after calls, and written back before calls, before leaving the function and before a user trap.
 *
 * Every basic block's charge of N fuel is checked:
 *   local.get $f; i64.const N; i64.sub; local.tee $f; i64.const 0; i64.lt_s;
 *   if; local.get $f; global.set $fuel; unreachable; end
 * (at function entry the first `local.get $f` is `global.get $fuel`), so a block that cannot be
 * paid for never runs, and every trap for fuel leaves the global below zero. A checked sync
 * (before leaving the function or calling something that may be the host) is
 *   local.get $f; global.set $fuel; local.get $f; i64.const 0; i64.lt_s; if; unreachable; end
 *
 * A dynamic charge sits before an operation whose i32 count operand is on top of the stack, keeps
 * that operand in place, and is always checked (the operation is the expensive part):
 *   local.tee $n; local.get $f; local.get $n; i64.extend_i32_u; [i64.const k; i64.shl|shr_u];
 *   i64.sub; local.tee $f; (then as a checked charge)
 *
 * $f (i64) and $n (i32) are scratch locals appended after the function's own locals.
 */
import { ByteWriter } from './ByteWriter.ts';
import { DEFAULT_COST_MODEL, DYN_BYTES, DYN_PAGES, type CostModel } from './costModel.ts';

const I64_CONST = 0x42;
const I64_SUB = 0x7d;
const LOCAL_GET = 0x20;
const LOCAL_SET = 0x21;
const LOCAL_TEE = 0x22;
const GLOBAL_GET = 0x23;
const GLOBAL_SET = 0x24;
/** i64.const 0; i64.lt_s; if (empty block type) */
const IF_NEGATIVE = Uint8Array.of(I64_CONST, 0x00, 0x53, 0x04, 0x40);
/** unreachable; end */
const TRAP_END = Uint8Array.of(0x00, 0x0b);

function build(emit: (w: ByteWriter) => void): Uint8Array {
  const w = new ByteWriter(32);
  emit(w);
  return w.result();
}

export class ChargeCode {
  private readonly loadFuel: Uint8Array; // global.get $fuel
  private readonly getLocal: Uint8Array; // local.get $f
  private readonly checkTail: Uint8Array; // i64.sub ... end
  private readonly dynHead: Uint8Array;
  /** `local.get $f; global.set $fuel` */
  readonly sync: Uint8Array;
  /** `sync`, then trap if the counter is below zero. */
  readonly checkedSync: Uint8Array;
  /** `global.get $fuel; local.set $f` */
  readonly reload: Uint8Array;

  constructor(
    fuelGlobal: number,
    fuelLocal: number,
    countLocal: number,
    private readonly shifts: CostModel['dynamicShift'] = DEFAULT_COST_MODEL.dynamicShift,
  ) {
    const op = (w: ByteWriter, code: number, index: number): void => {
      w.u8(code);
      w.u32(index);
    };
    this.loadFuel = build((w) => op(w, GLOBAL_GET, fuelGlobal));
    this.getLocal = build((w) => op(w, LOCAL_GET, fuelLocal));
    this.sync = build((w) => {
      op(w, LOCAL_GET, fuelLocal);
      op(w, GLOBAL_SET, fuelGlobal);
    });
    this.checkedSync = build((w) => {
      w.bytes(this.sync);
      op(w, LOCAL_GET, fuelLocal);
      w.bytes(IF_NEGATIVE);
      w.bytes(TRAP_END);
    });
    this.reload = build((w) => {
      op(w, GLOBAL_GET, fuelGlobal);
      op(w, LOCAL_SET, fuelLocal);
    });
    this.checkTail = build((w) => {
      w.u8(I64_SUB);
      op(w, LOCAL_TEE, fuelLocal);
      w.bytes(IF_NEGATIVE);
      w.bytes(this.sync);
      w.bytes(TRAP_END);
    });
    this.dynHead = build((w) => {
      op(w, LOCAL_TEE, countLocal);
      op(w, LOCAL_GET, fuelLocal);
      op(w, LOCAL_GET, countLocal);
      w.u8(0xad); // i64.extend_i32_u
    });
  }

  /** The function's first charge: loads the global into $f while charging, checked. */
  emitEntry(out: ByteWriter, cost: number): void {
    out.bytes(this.loadFuel);
    out.u8(I64_CONST);
    out.sNonNegative(cost);
    out.bytes(this.checkTail);
  }

  emitChecked(out: ByteWriter, cost: number): void {
    out.bytes(this.getLocal);
    out.u8(I64_CONST);
    out.sNonNegative(cost);
    out.bytes(this.checkTail);
  }

  emitDynamic(out: ByteWriter, kind: number): void {
    out.bytes(this.dynHead);
    const shift = (kind === DYN_BYTES ? this.shifts.bytes : kind === DYN_PAGES ? this.shifts.pages : this.shifts.elements) ?? 0;
    if (shift !== 0) {
      out.u8(I64_CONST);
      out.u8(Math.abs(shift));
      out.u8(shift < 0 ? 0x88 : 0x86); // i64.shr_u : i64.shl
    }
    out.bytes(this.checkTail);
  }
}

/**
 * The stack budget's reservation at function entry (CostModel.stack):
 * global.get $stack; i64.const n; i64.sub; local.tee $s; global.set $stack; local.get $s; i64.const 0; i64.lt_s; if unreachable end
 */
export function emitStackEntry(out: ByteWriter, stackGlobal: number, stackLocal: number, bytes: number): void {
  out.u8(GLOBAL_GET);
  out.u32(stackGlobal);
  out.u8(I64_CONST);
  out.sNonNegative(bytes);
  out.u8(I64_SUB);
  out.u8(LOCAL_TEE);
  out.u32(stackLocal);
  out.u8(GLOBAL_SET);
  out.u32(stackGlobal);
  out.u8(LOCAL_GET);
  out.u32(stackLocal);
  out.bytes(IF_NEGATIVE);
  out.bytes(TRAP_END);
}

/** After a call: `local.get $s; global.set $stack` gives back whatever the callee reserved. */
export function emitStackRestore(out: ByteWriter, stackGlobal: number, stackLocal: number): void {
  out.u8(LOCAL_GET);
  out.u32(stackLocal);
  out.u8(GLOBAL_SET);
  out.u32(stackGlobal);
}
