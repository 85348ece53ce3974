/**
 * The instruction sequences the instrumenter inserts. Inside a function the counter lives in a
 * scratch i64 local $f (a register, once compiled); the global $fuel is only read at function
 * entry and after calls, and written back before calls, before leaving the function, and before
 * trapping. A static charge of N fuel is
 *
 *   local.get $f; i64.const N; i64.sub; local.tee $f; i64.const 0; i64.lt_s;
 *   if; local.get $f; global.set $fuel; unreachable; end
 *
 * (at function entry the first `local.get $f` is `global.get $fuel`), so the counter is
 * decremented first and an exhaustion trap leaves the global below zero: the host tells fuel
 * exhaustion from other traps by its sign. A dynamic charge sits before an operation whose i32
 * count operand is on top of the stack, and keeps that operand in place:
 *
 *   local.tee $n; local.get $f; local.get $n; i64.extend_i32_u; [i64.const k; i64.shl|shr_u];
 *   i64.sub; local.tee $f; (then as above)
 *
 * $f (i64) and $n (i32) are scratch locals appended after the function's own locals.
 */
import { ByteWriter } from './ByteWriter.ts';
import { BULK_BYTES_FUEL_SHIFT, DYN_BYTES, DYN_PAGES, GROW_PAGE_FUEL_SHIFT } from './costModel.ts';

const I64_CONST = 0x42;
const LOCAL_GET = 0x20;
const LOCAL_SET = 0x21;
const LOCAL_TEE = 0x22;
const GLOBAL_GET = 0x23;
const GLOBAL_SET = 0x24;

export class ChargeCode {
  private readonly loadFuel: Uint8Array; // global.get $fuel
  private readonly getLocal: Uint8Array; // local.get $f
  private readonly checkTail: Uint8Array; // i64.sub ... end
  private readonly dynHead: Uint8Array;
  /** `local.get $f; global.set $fuel` */
  readonly sync: Uint8Array;
  /** `global.get $fuel; local.set $f` */
  readonly reload: Uint8Array;

  constructor(fuelGlobal: number, fuelLocal: number, countLocal: number) {
    const build = (emit: (w: ByteWriter) => void): Uint8Array => {
      const w = new ByteWriter(32);
      emit(w);
      return w.result();
    };
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
    this.reload = build((w) => {
      op(w, GLOBAL_GET, fuelGlobal);
      op(w, LOCAL_SET, fuelLocal);
    });
    this.checkTail = build((w) => {
      w.u8(0x7d); // i64.sub
      op(w, LOCAL_TEE, fuelLocal);
      w.bytes(Uint8Array.of(I64_CONST, 0x00, 0x53, 0x04, 0x40)); // i64.const 0; i64.lt_s; if
      w.bytes(this.sync);
      w.bytes(Uint8Array.of(0x00, 0x0b)); // unreachable; end
    });
    this.dynHead = build((w) => {
      op(w, LOCAL_TEE, countLocal);
      op(w, LOCAL_GET, fuelLocal);
      op(w, LOCAL_GET, countLocal);
      w.u8(0xad); // i64.extend_i32_u
    });
  }

  /** The function's first charge: loads the global into $f while charging. */
  emitEntry(out: ByteWriter, cost: number): void {
    out.bytes(this.loadFuel);
    out.u8(I64_CONST);
    out.sNonNegative(cost);
    out.bytes(this.checkTail);
  }

  emitStatic(out: ByteWriter, cost: number): void {
    out.bytes(this.getLocal);
    out.u8(I64_CONST);
    out.sNonNegative(cost);
    out.bytes(this.checkTail);
  }

  emitDynamic(out: ByteWriter, kind: number): void {
    out.bytes(this.dynHead);
    if (kind === DYN_BYTES) {
      out.u8(I64_CONST);
      out.u8(BULK_BYTES_FUEL_SHIFT);
      out.u8(0x88); // i64.shr_u
    } else if (kind === DYN_PAGES) {
      out.u8(I64_CONST);
      out.u8(GROW_PAGE_FUEL_SHIFT);
      out.u8(0x86); // i64.shl
    }
    out.bytes(this.checkTail);
  }
}
