/**
 * Element and data sections: every segment form of 2.0 (active with an offset expression,
 * passive, declarative; function-index lists or expression lists). Only checked and scanned
 * for global indices; the encoder copies them with the recorded patches.
 */
import type { ByteReader } from './ByteReader.ts';
import { readConstExpr, type GlobalIndexing, type Patches } from './constExpr.ts';
import { invalidModule, unsupportedFeature } from './errors.ts';
import { checkCount, MODULE_CAPS } from './moduleCaps.ts';
import { readRefType } from './valueTypes.ts';

/** Entries of all element segments read so far (one module at a time). */
interface EntryBudget {
  entries: number;
}

function addEntries(budget: EntryBudget, n: number): void {
  budget.entries += n;
  checkCount('element segment entries', budget.entries, MODULE_CAPS.maxElementEntries);
}

function readElemKind(r: ByteReader): void {
  const at = r.pos;
  if (r.u8() !== 0x00) throw invalidModule('element kind must be 0x00 (funcref)', at);
}

function readFunctionIndices(r: ByteReader, budget: EntryBudget): void {
  const n = r.count();
  addEntries(budget, n);
  for (let i = 0; i < n; i++) r.u32();
}

function readExpressions(r: ByteReader, g: GlobalIndexing, patches: Patches, budget: EntryBudget): void {
  const n = r.count();
  addEntries(budget, n);
  for (let i = 0; i < n; i++) readConstExpr(r, g, patches);
}

export function readElementSection(r: ByteReader, g: GlobalIndexing, patches: Patches): void {
  const budget: EntryBudget = { entries: 0 };
  const n = r.count();
  for (let i = 0; i < n; i++) {
    const at = r.pos;
    const flags = r.u32();
    switch (flags) {
      case 0:
        readConstExpr(r, g, patches);
        readFunctionIndices(r, budget);
        break;
      case 1:
      case 3:
        readElemKind(r);
        readFunctionIndices(r, budget);
        break;
      case 2:
        r.u32();
        readConstExpr(r, g, patches);
        readElemKind(r);
        readFunctionIndices(r, budget);
        break;
      case 4:
        readConstExpr(r, g, patches);
        readExpressions(r, g, patches, budget);
        break;
      case 5:
      case 7:
        readRefType(r);
        readExpressions(r, g, patches, budget);
        break;
      case 6:
        r.u32();
        readConstExpr(r, g, patches);
        readRefType(r);
        readExpressions(r, g, patches, budget);
        break;
      default:
        throw invalidModule(`bad element segment flags ${flags}`, at);
    }
  }
  r.expectEnd('element section');
}

export function readDataSection(r: ByteReader, g: GlobalIndexing, patches: Patches): void {
  const n = r.count();
  checkCount('data segments', n, MODULE_CAPS.maxDataSegments);
  for (let i = 0; i < n; i++) {
    const at = r.pos;
    const flags = r.u32();
    if (flags === 2) {
      const memAt = r.pos;
      if (r.u32() !== 0) throw unsupportedFeature('multi-memory', undefined, memAt);
    } else if (flags > 2) {
      throw invalidModule(`bad data segment flags ${flags}`, at);
    }
    if (flags !== 1) readConstExpr(r, g, patches);
    r.skip(r.u32());
  }
  r.expectEnd('data section');
}
