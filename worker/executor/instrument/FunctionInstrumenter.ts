/**
 * Meters one function body. Pass 1 decodes every instruction (rejecting malformed and post-2.0
 * code) and records insertion events at byte offsets: a static charge at the entry of every basic
 * block (its cost filled in when the block closes), a dynamic charge before each bulk/grow
 * operation, and an index rewrite for global.get/set when the fuel global is imported (imports
 * come before definitions, so defined globals shift by one). Pass 2 copies the body's bytes
 * between events verbatim (immediates keep their original LEB128 encoding) and emits the events.
 *
 * Basic-block boundaries: after loop (the loop header: its block is charged on every iteration), if, else,
 * br, br_if, br_table, return, unreachable, and the end of a block or if (branch targets). A plain
 * `block` and the end of a loop do not split a block: control only falls through there.
 *
 * The counter is cached in a scratch local within each function (see chargeCode.ts) and synced
 * with the global around calls, at every exit (return, the final end, a branch to the function's
 * label) and before a user `unreachable`. After a trap other than fuel exhaustion the global
 * therefore holds the value of the last sync (deterministic).
 *
 * Every basic block subtracts its cost on entry and traps (`unreachable`, counter left below zero)
 * when the counter went below zero, as the executor issue specifies: a program never executes a
 * block it cannot pay for. There is no unchecked charge: every static charge is the same checked
 * sequence (chargeCode.ts). The fuel used by a run that completes is exact.
 *
 * It does not type-check: V8 validates the output, and every index the inserted code relies on
 * (the fuel global, the scratch locals) is checked to be unreachable from the original code.
 */
import type { ByteReader } from './ByteReader.ts';
import type { ByteWriter } from './ByteWriter.ts';
import { ChargeCode, emitStackEntry, emitStackRestore } from './chargeCode.ts';
import { DYN_BYTES, DYN_PAGES, valueBytes, type CostModel } from './costModel.ts';
import { hex, invalidModule, unsupportedFeature } from './errors.ts';
import { pastV8Limit, V8_LIMITS } from './moduleCaps.ts';
import { scanFc, scanFd } from './prefixedOpcodes.ts';
import * as op from './opcodes.ts';
import { readMemoryZero, readRefType, readValType, skipBlockType, skipMemarg } from './valueTypes.ts';

/** Module-wide facts the instrumenter needs for every body. */
export interface CodeContext {
  typeCount: number;
  /** Calls to these function indices reach the host, which checks no fuel: check before them. */
  importedFunctionCount: number;
  fuelGlobal: number;
  /** Globals of the input module (imported + defined): original code may only reference these. */
  originalGlobalCount: number;
  /** When set, original global indices ≥ this value shift up by one (fuel global imported). */
  shiftGlobalsFrom: number | undefined;
  /** The stack budget's global when the cost model has a stack (CostModel.stack). */
  stackGlobal?: number;
  /** Prices of instructions, function entries and dynamic charges (DEFAULT_COST_MODEL: 1 per instruction). */
  costModel: CostModel;
}

const EV_CHARGE = 1; // a basic block's static charge, checked (see the header)
const EV_DYN = 2;
const EV_GLOBAL = 3;
const EV_ENTRY = 4; // the function's first charge, checked, which also loads the global into $f
const EV_SYNC = 5; // write $f back to the global (before calls of defined functions, user traps)
const EV_RELOAD = 6; // read the global into $f (after calls)
const EV_CHECKED_SYNC = 8; // sync and trap if below zero (exits, calls that may reach the host)

const CTL_BLOCK = 0;
const CTL_LOOP = 1;
const CTL_IF = 2;
const CTL_ELSE = 3;

export class FunctionInstrumenter {
  private evPos = new Int32Array(1024);
  private evEnd = new Int32Array(1024);
  private evKind = new Uint8Array(1024);
  private evVal = new Float64Array(1024);
  private evCount = 0;
  private ctl = new Uint8Array(256);
  /** Inserted sequences by scratch-local index (functions with as many locals share them). */
  private readonly chargeCodes = new Map<number, ChargeCode>();
  /** Charges emitted so far (all functions), for statistics. */
  charges = 0;

  constructor(private readonly ctx: CodeContext) {}

  private push(kind: number, pos: number, end: number, val: number): number {
    const i = this.evCount;
    if (i === this.evPos.length) this.growEvents();
    this.evPos[i] = pos;
    this.evEnd[i] = end;
    this.evKind[i] = kind;
    this.evVal[i] = val;
    this.evCount = i + 1;
    return i;
  }

  private growEvents(): void {
    const n = this.evPos.length * 2;
    const pos = new Int32Array(n);
    pos.set(this.evPos);
    const end = new Int32Array(n);
    end.set(this.evEnd);
    const kind = new Uint8Array(n);
    kind.set(this.evKind);
    const val = new Float64Array(n);
    val.set(this.evVal);
    this.evPos = pos;
    this.evEnd = end;
    this.evKind = kind;
    this.evVal = val;
  }

  /** `r` spans exactly one function body (after its size); the metered body, with size, goes to `out`. */
  instrument(r: ByteReader, paramCount: number, out: ByteWriter, paramBytes = 0, definedIndex = 0, functionIndex = definedIndex): void {
    const bytes = r.bytes;
    const groups = r.u32();
    const groupsEnd = r.pos;
    let localCount = paramCount;
    let frameBytes = paramBytes;
    for (let g = 0; g < groups; g++) {
      const n = r.u32();
      localCount += n;
      frameBytes += n * valueBytes(readValType(r));
      // V8's limit; the two scratch locals metering appends must stay within it.
      if (localCount > V8_LIMITS.maxLocals - 2) {
        throw localCount > V8_LIMITS.maxLocals
          ? invalidModule(`too many locals (${localCount})`, r.pos)
          : pastV8Limit('the number of locals', localCount + 2, V8_LIMITS.maxLocals, functionIndex);
      }
    }
    const codeStart = r.pos;
    const needsI32 = this.scan(r, localCount, this.ctx.costModel.entryFuel(frameBytes));

    const bodySize = out.reserveU32();
    const bodyStart = out.len;
    const stack = this.ctx.costModel.stack;
    const stackLocal = stack ? localCount + (needsI32 ? 2 : 1) : -1;
    out.u32(groups + (needsI32 ? 2 : 1) + (stack ? 1 : 0));
    out.bytes(bytes, groupsEnd, codeStart);
    out.u8(1);
    out.u8(0x7e); // $f: the cached counter, index localCount
    if (needsI32) {
      out.u8(1);
      out.u8(0x7f); // $n: count operand of dynamic charges, index localCount + 1
    }
    if (stack) {
      out.u8(1);
      out.u8(0x7e); // $s: the stack level after this function's reservation
    }
    let charge = this.chargeCodes.get(localCount);
    if (!charge) {
      charge = new ChargeCode(this.ctx.fuelGlobal, localCount, localCount + 1, this.ctx.costModel.dynamicShift);
      this.chargeCodes.set(localCount, charge);
    }
    let cursor = codeStart;
    for (let i = 0; i < this.evCount; i++) {
      const kind = this.evKind[i]!;
      const val = this.evVal[i]!;
      if (kind === EV_CHARGE && val === 0) continue;
      const pos = this.evPos[i]!;
      out.bytes(bytes, cursor, pos);
      cursor = pos;
      switch (kind) {
        case EV_CHARGE:
          charge.emitChecked(out, val);
          this.charges++;
          break;
        case EV_CHECKED_SYNC:
          out.bytes(charge.checkedSync);
          break;
        case EV_ENTRY:
          if (val === 0) out.bytes(charge.reload);
          else charge.emitEntry(out, val);
          this.charges++;
          if (stack) emitStackEntry(out, this.ctx.stackGlobal!, stackLocal, stack.bytes(definedIndex, frameBytes));
          break;
        case EV_SYNC:
          out.bytes(charge.sync);
          break;
        case EV_RELOAD:
          out.bytes(charge.reload);
          if (stack) emitStackRestore(out, this.ctx.stackGlobal!, stackLocal);
          break;
        case EV_DYN:
          charge.emitDynamic(out, val);
          break;
        default:
          out.u32(val);
          cursor = this.evEnd[i]!;
      }
    }
    out.bytes(bytes, cursor, r.end);
    out.patchU32(bodySize, out.len - bodyStart);
  }

  /** Pass 1: decode the instructions, record events; returns whether a dynamic charge needs the i32 scratch. */
  private scan(r: ByteReader, localCount: number, entryFuel: number): boolean {
    const ctx = this.ctx;
    const model = ctx.costModel;
    const fuel = model.opcodeFuel;
    this.evCount = 0;
    let depth = 0;
    let needsI32 = false;
    let cost = entryFuel;
    let open = this.push(EV_ENTRY, r.pos, 0, 0);
    const kinds = op.OPCODE_KIND;
    for (;;) {
      const at = r.pos;
      const code = r.u8();
      cost += fuel[code]!;
      let boundary = false;
      switch (kinds[code]) {
        case op.K_NONE:
          break;
        case op.K_LOCAL: {
          const idxAt = r.pos;
          if (r.u32() >= localCount) throw invalidModule('local index out of range', idxAt);
          break;
        }
        case op.K_GLOBAL: {
          const idxAt = r.pos;
          const idx = r.u32();
          if (idx >= ctx.originalGlobalCount) throw invalidModule(`global index ${idx} out of range`, idxAt);
          if (ctx.shiftGlobalsFrom !== undefined && idx >= ctx.shiftGlobalsFrom) this.push(EV_GLOBAL, idxAt, r.pos, idx + 1);
          break;
        }
        case op.K_MEMARG:
          skipMemarg(r);
          break;
        case op.K_I32_CONST:
          r.skipSleb(5);
          break;
        case op.K_I64_CONST:
          r.skipSleb(10);
          break;
        case op.K_U32:
          r.u32();
          break;
        case op.K_BR_IF:
        case op.K_BR:
          if (r.u32() === depth) this.push(EV_CHECKED_SYNC, at, 0, 0); // leaves the function
          boundary = true;
          break;
        case op.K_CALL:
          // The host runs no fuel check of its own: check before calling an import.
          this.push(r.u32() < ctx.importedFunctionCount ? EV_CHECKED_SYNC : EV_SYNC, at, 0, 0);
          this.push(EV_RELOAD, r.pos, 0, 0);
          break;
        case op.K_BLOCK:
          skipBlockType(r, ctx.typeCount);
          depth = this.pushCtl(depth, CTL_BLOCK);
          break;
        case op.K_LOOP:
          skipBlockType(r, ctx.typeCount);
          depth = this.pushCtl(depth, CTL_LOOP);
          boundary = true;
          break;
        case op.K_IF:
          skipBlockType(r, ctx.typeCount);
          depth = this.pushCtl(depth, CTL_IF);
          boundary = true;
          break;
        case op.K_ELSE:
          if (depth === 0 || this.ctl[depth - 1] !== CTL_IF) throw invalidModule('else without if', at);
          this.ctl[depth - 1] = CTL_ELSE;
          boundary = true;
          break;
        case op.K_END:
          if (depth === 0) {
            this.push(EV_CHECKED_SYNC, at, 0, 0);
            if (r.pos !== r.end) throw invalidModule('function body has bytes after its final end', r.pos);
            this.evVal[open] = cost;
            return needsI32;
          }
          depth--;
          boundary = this.ctl[depth] !== CTL_LOOP;
          break;
        case op.K_RETURN:
          this.push(code === 0x0f ? EV_CHECKED_SYNC : EV_SYNC, at, 0, 0);
          boundary = true;
          break;
        case op.K_BR_TABLE: {
          const n = r.count();
          let exits = false;
          for (let i = 0; i <= n; i++) if (r.u32() === depth) exits = true;
          if (exits) this.push(EV_CHECKED_SYNC, at, 0, 0);
          boundary = true;
          break;
        }
        case op.K_CALL_INDIRECT:
          r.u32();
          r.u32();
          this.push(EV_CHECKED_SYNC, at, 0, 0); // the table may hold an import
          this.push(EV_RELOAD, r.pos, 0, 0);
          break;
        case op.K_F32_CONST:
          r.skip(4);
          break;
        case op.K_F64_CONST:
          r.skip(8);
          break;
        case op.K_SELECT_T: {
          const n = r.u32();
          if (n !== 1) throw invalidModule('select must name exactly one type', at);
          readValType(r);
          break;
        }
        case op.K_MEMORY_SIZE:
          readMemoryZero(r);
          break;
        case op.K_MEMORY_GROW:
          readMemoryZero(r);
          if (model.dynamicShift.pages !== null) {
            this.push(EV_DYN, at, 0, DYN_PAGES);
            needsI32 = true;
          }
          break;
        case op.K_REF_NULL:
          readRefType(r);
          break;
        case op.K_PREFIX_FC: {
          const dynamic = scanFc(r, at);
          if (dynamic !== 0) {
            cost += model.bulkFuel - fuel[code]!;
            const shift = dynamic === DYN_BYTES ? model.dynamicShift.bytes : model.dynamicShift.elements;
            if (shift !== null) {
              this.push(EV_DYN, at, 0, dynamic);
              needsI32 = true;
            }
          }
          break;
        }
        case op.K_PREFIX_FD:
          scanFd(r, at);
          break;
        case op.K_UNSUPPORTED:
          throw unsupportedFeature(op.UNSUPPORTED_OPCODE.get(code)!, hex(code), at);
        default:
          throw invalidModule(`unknown opcode ${hex(code)}`, at);
      }
      if (boundary) {
        this.evVal[open] = cost;
        cost = 0;
        open = this.push(EV_CHARGE, r.pos, 0, 0);
      }
    }
  }

  private pushCtl(depth: number, kind: number): number {
    if (depth === this.ctl.length) {
      const next = new Uint8Array(depth * 2);
      next.set(this.ctl);
      this.ctl = next;
    }
    this.ctl[depth] = kind;
    return depth + 1;
  }
}
