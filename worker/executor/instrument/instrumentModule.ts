/**
 * Produces the metered module: decode once, then stream every section to the output in the
 * required order, adding the fuel global (defined and exported, or imported), capping memories,
 * deferring the start function, and metering every function body. Function, type and (in export
 * mode) global indices are unchanged; in import mode defined globals shift by one and every
 * reference to them is patched. Throws a coded error rather than ever returning unmetered code.
 */
import { ErrandError } from '../../../common/errors/index.ts';
import { ByteWriter } from './ByteWriter.ts';
import { checkCodePresence, emitCodeSection } from './codeSection.ts';
import { invalidModule } from './errors.ts';
import { decodeModule, type DecodedModule } from './moduleDecoder.ts';
import { emitNameSection } from './nameSection.ts';
import { DEFERRED_START_EXPORT, FUEL_GLOBAL_EXPORT, FUEL_IMPORT_MODULE, FUEL_IMPORT_NAME, STACK_GLOBAL_EXPORT } from './names.ts';
import { checkOptions, type CheckedOptions } from './options.ts';
import { writeLimits } from './limits.ts';
import { capTables, checkModuleSize, meteredTooLarge, MODULE_CAPS, pastV8Limit, V8_LIMITS } from './moduleCaps.ts';
import * as S from './sections.ts';
import type { InstrumentOptions } from './types.ts';

const I64 = 0x7e;
const MUTABLE = 0x01;

export function instrumentModule(input: Uint8Array, options: InstrumentOptions): Uint8Array {
  const o = checkOptions(options);
  // A plain view: Buffer's subarray is much slower, and the encoder slices the input a lot.
  const bytes = new Uint8Array(input.buffer, input.byteOffset, input.byteLength);
  checkModuleSize(bytes.length);
  const m = decodeModule(bytes, o.importFuel);
  checkReservedNames(m, o);
  checkAddedEntries(m, o);
  checkCodePresence(m);
  const fuelGlobal = o.importFuel ? m.importedGlobalCount : m.importedGlobalCount + m.definedGlobalCount;
  const stack = o.costModel.stack;
  const stackGlobal = stack ? fuelGlobal + 1 : undefined;
  const deferredStart = o.deferStart ? m.start : undefined;

  // Custom sections other than 'name' are dropped, so size the buffer on what is kept.
  const kept = m.sections.reduce((n, s) => n + (s.id !== S.SEC_CUSTOM || s.customName === 'name' ? s.end - s.start : 0), 0);
  const out = new ByteWriter(kept + (kept >> 1) + 1024, MODULE_CAPS.maxMeteredModuleBytes, meteredTooLarge);
  out.bytes(bytes, 0, 8);
  const section = (id: number, emit: () => void): void => {
    out.u8(id);
    const size = out.reserveU32();
    const start = out.len;
    emit();
    out.patchU32(size, out.len - start);
  };
  const raw = (s: S.Section): void => m.patches.emit(out, bytes, s.start, s.end);

  for (const id of S.SECTION_ORDER) {
    const s = m.byId[id];
    switch (id) {
      case S.SEC_IMPORT:
        if (o.importFuel) {
          section(id, () => {
            out.u32(m.imports.length + 1);
            if (s) out.bytes(bytes, m.importEntriesStart, s.end);
            out.name(FUEL_IMPORT_MODULE);
            out.name(FUEL_IMPORT_NAME);
            out.u8(0x03);
            out.u8(I64);
            out.u8(MUTABLE);
          });
        } else if (s) section(id, () => raw(s));
        break;
      case S.SEC_TABLE:
        if (s) section(id, () => emitTables(m, out));
        break;
      case S.SEC_MEMORY:
        if (s) section(id, () => emitMemories(m, o, out));
        break;
      case S.SEC_GLOBAL:
        if (!o.importFuel) {
          section(id, () => {
            out.u32(m.definedGlobalCount + (stack ? 2 : 1));
            if (s) m.patches.emit(out, bytes, m.globalEntriesStart, s.end);
            for (const init of stack ? [o.initialFuel, stack.limit] : [o.initialFuel]) {
              out.u8(I64);
              out.u8(MUTABLE);
              out.u8(0x42); // i64.const
              out.s64(init);
              out.u8(0x0b);
            }
          });
        } else if (s) section(id, () => raw(s));
        break;
      case S.SEC_EXPORT: {
        const added: [string, number, number][] = [];
        if (!o.importFuel) added.push([FUEL_GLOBAL_EXPORT, 0x03, fuelGlobal]);
        if (stackGlobal !== undefined) added.push([STACK_GLOBAL_EXPORT, 0x03, stackGlobal]);
        if (deferredStart !== undefined) added.push([DEFERRED_START_EXPORT, 0x00, deferredStart]);
        if (!s && added.length === 0) break;
        section(id, () => {
          out.u32(m.exports.length + added.length);
          if (s) m.patches.emit(out, bytes, m.exportEntriesStart, s.end);
          for (const [name, kind, index] of added) {
            out.name(name);
            out.u8(kind);
            out.u32(index);
          }
        });
        break;
      }
      case S.SEC_START:
        if (s && deferredStart === undefined) section(id, () => raw(s));
        break;
      case S.SEC_CODE:
        if (s) {
          const ctx = {
            typeCount: m.typeParamCounts.length,
            importedFunctionCount: m.importedFunctionCount,
            fuelGlobal,
            originalGlobalCount: m.indexing.originalGlobalCount,
            shiftGlobalsFrom: m.indexing.shiftGlobalsFrom,
            costModel: o.costModel,
            stackGlobal,
          };
          section(id, () => emitCodeSection(m, ctx, out));
        }
        break;
      default:
        if (s) section(id, () => raw(s));
    }
  }
  const names = m.sections.find((s) => s.id === S.SEC_CUSTOM && s.customName === 'name');
  if (names) emitNameSection(bytes, names, o.importFuel, out);
  return out.result();
}

/** Tables with their maximum lowered to the executor's table cap (see moduleCaps.ts). */
function emitTables(m: DecodedModule, out: ByteWriter): void {
  const capped = capTables(m.tables);
  out.u32(capped.length);
  capped.forEach((limits, i) => {
    out.u8(m.tables[i]!.refType);
    writeLimits(out, limits);
  });
}

/** Metering adds one import (import mode) or one global export, and maybe the deferred start export. */
function checkAddedEntries(m: DecodedModule, o: CheckedOptions): void {
  const imports = m.imports.length + (o.importFuel ? 1 : 0);
  if (imports > V8_LIMITS.maxImports) throw pastV8Limit('the number of imports', imports, V8_LIMITS.maxImports);
  const exports = m.exports.length + (o.importFuel ? 0 : 1) + (o.deferStart && m.start !== undefined ? 1 : 0);
  if (exports > V8_LIMITS.maxExports) throw pastV8Limit('the number of exports', exports, V8_LIMITS.maxExports);
}

function emitMemories(m: DecodedModule, o: CheckedOptions, out: ByteWriter): void {
  const defined = m.memories.filter((mem) => !mem.imported);
  out.u32(defined.length);
  for (const mem of defined) {
    const cap = o.memoryMaxPages;
    if (cap === undefined) {
      writeLimits(out, mem);
      continue;
    }
    if (mem.min > cap) {
      throw new ErrandError('EXECUTOR__MEMORY_LIMIT', `the module's initial memory (${mem.min} pages) exceeds the cap of ${cap} pages`, {
        initialPages: mem.min,
        maxPages: cap,
      });
    }
    writeLimits(out, { min: mem.min, max: Math.min(mem.max ?? cap, cap) });
  }
}

function checkReservedNames(m: DecodedModule, o: CheckedOptions): void {
  for (const imp of m.imports) {
    if (imp.module === FUEL_IMPORT_MODULE && imp.name === FUEL_IMPORT_NAME) {
      throw invalidModule(`the module imports the reserved name ${FUEL_IMPORT_MODULE}.${FUEL_IMPORT_NAME}`);
    }
  }
  for (const exp of m.exports) {
    if (
      (exp.name === FUEL_GLOBAL_EXPORT && !o.importFuel) ||
      (exp.name === STACK_GLOBAL_EXPORT && o.costModel.stack !== undefined) ||
      (exp.name === DEFERRED_START_EXPORT && o.deferStart && m.start !== undefined)
    ) {
      throw invalidModule(`the module already exports the reserved name ${exp.name}`);
    }
  }
}
