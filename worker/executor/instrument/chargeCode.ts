/**
 * The instruction sequences the instrumenter inserts. A static charge of N fuel is
 *
 *   global.get $fuel; i64.const N; i64.sub; local.tee $t; global.set $fuel;
 *   local.get $t; i64.const 0; i64.lt_s; if; unreachable; end
 *
 * so the counter is decremented first and the trap leaves it below zero (the host tells fuel
 * exhaustion from other traps by the sign). A dynamic charge sits before an operation whose
 * i32 count operand is on top of the stack; it keeps the operand in place:
 *
 *   local.tee $n; global.get $fuel; local.get $n; i64.extend_i32_u; [i64.const k; i64.shl|shr_u];
 *   i64.sub; local.tee $t; global.set $fuel; local.get $t; i64.const 0; i64.lt_s; if; unreachable; end
 *
 * $t (i64) and $n (i32) are scratch locals appended after the function's own locals.
 */
import { ByteWriter } from './ByteWriter.ts';
import { BULK_BYTES_FUEL_SHIFT, DYN_BYTES, DYN_PAGES, GROW_PAGE_FUEL_SHIFT } from './costModel.ts';

const I64_CONST = 0x42;

export class ChargeCode {
  /** `global.get $fuel` */
  private readonly head: Uint8Array;
  /** From `i64.sub` to the closing `end`. */
  private readonly tail: Uint8Array;
  private readonly dynHead: Uint8Array;

  constructor(fuelGlobal: number, scratchI64: number, scratchI32: number) {
    const w = new ByteWriter(16);
    w.u8(0x23);
    w.u32(fuelGlobal);
    this.head = w.result();

    const t = new ByteWriter(32);
    t.u8(0x7d); // i64.sub
    t.u8(0x22); // local.tee $t
    t.u32(scratchI64);
    t.u8(0x24); // global.set $fuel
    t.u32(fuelGlobal);
    t.u8(0x20); // local.get $t
    t.u32(scratchI64);
    t.bytes(Uint8Array.of(I64_CONST, 0x00, 0x53, 0x04, 0x40, 0x00, 0x0b)); // i64.const 0; i64.lt_s; if; unreachable; end
    this.tail = t.result();

    const d = new ByteWriter(32);
    d.u8(0x22); // local.tee $n
    d.u32(scratchI32);
    d.bytes(this.head);
    d.u8(0x20); // local.get $n
    d.u32(scratchI32);
    d.u8(0xad); // i64.extend_i32_u
    this.dynHead = d.result();
  }

  emitStatic(out: ByteWriter, cost: number): void {
    out.bytes(this.head);
    out.u8(I64_CONST);
    out.sNonNegative(cost);
    out.bytes(this.tail);
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
    out.bytes(this.tail);
  }
}
