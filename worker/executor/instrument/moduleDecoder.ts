/**
 * Decodes every section of a core module except the function bodies (which the instrumenter
 * decodes while it rewrites them). It records what the encoder needs: counts, where each
 * section's entries start, the memories, exports and start function, and the global-index
 * patches required when the fuel global is imported. It does not type-check; V8 does that.
 */
import { ErrandError } from '../../../common/errors/index.ts';
import { ByteReader } from './ByteReader.ts';
import { Patches, readConstExpr, type GlobalIndexing } from './constExpr.ts';
import { hex, invalidModule, unsupportedFeature } from './errors.ts';
import { readLimits, type Limits } from './limits.ts';
import { checkCount, MODULE_CAPS } from './moduleCaps.ts';
import { readDataSection, readElementSection } from './segmentSections.ts';
import * as S from './sections.ts';
import type { ExternKind } from './types.ts';
import { valueBytes } from './costModel.ts';
import { readRefType, readValType } from './valueTypes.ts';

export const EXTERN_KINDS: readonly ExternKind[] = ['function', 'table', 'memory', 'global'];

export interface DecodedModule {
  bytes: Uint8Array;
  sections: S.Section[];
  /** Non-custom sections by id. */
  byId: (S.Section | undefined)[];
  typeParamCounts: number[];
  /** Bytes of each type's parameters (costModel.valueBytes), for CostModel.entryFuel. */
  typeParamBytes: number[];
  imports: { module: string; name: string; kind: ExternKind }[];
  importEntriesStart: number;
  importedGlobalCount: number;
  importedFunctionCount: number;
  /** Type index of each defined function. */
  functionTypes: number[];
  memories: (Limits & { imported: boolean })[];
  /** Defined tables: element type and limits (the encoder rewrites their maximum). */
  tables: (Limits & { refType: number })[];
  importedTableCount: number;
  definedGlobalCount: number;
  globalEntriesStart: number;
  exports: { name: string; kind: ExternKind; index: number }[];
  exportEntriesStart: number;
  start: number | undefined;
  indexing: GlobalIndexing;
  patches: Patches;
}

function reader(bytes: Uint8Array, s: S.Section): ByteReader {
  return new ByteReader(bytes, s.start, s.end);
}

/** `shiftGlobals`: the fuel global will be imported, so defined globals move up by one. */
export function decodeModule(bytes: Uint8Array, shiftGlobals: boolean): DecodedModule {
  const sections = S.splitSections(bytes);
  const byId: (S.Section | undefined)[] = [];
  for (const s of sections) if (s.id !== S.SEC_CUSTOM) byId[s.id] = s;
  const m: DecodedModule = {
    bytes,
    sections,
    byId,
    typeParamCounts: [],
    typeParamBytes: [],
    imports: [],
    importEntriesStart: 0,
    importedGlobalCount: 0,
    importedFunctionCount: 0,
    functionTypes: [],
    memories: [],
    tables: [],
    importedTableCount: 0,
    definedGlobalCount: 0,
    globalEntriesStart: 0,
    exports: [],
    exportEntriesStart: 0,
    start: undefined,
    indexing: { originalGlobalCount: 0, shiftGlobalsFrom: undefined },
    patches: new Patches(),
  };
  const sec = (id: number): ByteReader | undefined => (byId[id] ? reader(bytes, byId[id]!) : undefined);

  const types = sec(S.SEC_TYPE);
  if (types) readTypes(types, m);
  const imports = sec(S.SEC_IMPORT);
  if (imports) readImports(imports, m);
  const functions = sec(S.SEC_FUNCTION);
  if (functions) {
    const n = functions.count();
    for (let i = 0; i < n; i++) {
      const at = functions.pos;
      const t = functions.u32();
      if (t >= m.typeParamCounts.length) throw invalidModule(`function type index ${t} out of range`, at);
      m.functionTypes.push(t);
    }
    functions.expectEnd('function section');
  }
  const functionCount = m.importedFunctionCount + m.functionTypes.length;
  if (functionCount > MODULE_CAPS.maxFunctions) {
    throw new ErrandError('EXECUTOR__TOO_MANY_FUNCTIONS', `the module declares ${functionCount} functions, above the cap of ${MODULE_CAPS.maxFunctions}`, {
      count: functionCount,
      cap: MODULE_CAPS.maxFunctions,
    });
  }
  const tables = sec(S.SEC_TABLE);
  if (tables) {
    const n = tables.count(2);
    checkCount('tables', m.importedTableCount + n, MODULE_CAPS.maxTables);
    for (let i = 0; i < n; i++) {
      const refType = readRefType(tables);
      m.tables.push({ refType, ...readLimits(tables, 'table') });
    }
    tables.expectEnd('table section');
  }
  const memories = sec(S.SEC_MEMORY);
  if (memories) {
    const n = memories.count(2);
    for (let i = 0; i < n; i++) m.memories.push({ ...readLimits(memories, 'memory'), imported: false });
    memories.expectEnd('memory section');
  }
  if (m.memories.length > 1) throw unsupportedFeature('multi-memory');

  const globals = sec(S.SEC_GLOBAL);
  m.definedGlobalCount = globals ? globals.count(3) : 0;
  checkCount('globals', m.importedGlobalCount + m.definedGlobalCount, MODULE_CAPS.maxGlobals);
  m.indexing.originalGlobalCount = m.importedGlobalCount + m.definedGlobalCount;
  m.indexing.shiftGlobalsFrom = shiftGlobals ? m.importedGlobalCount : undefined;
  if (globals) {
    m.globalEntriesStart = globals.pos;
    for (let i = 0; i < m.definedGlobalCount; i++) {
      readValType(globals);
      readMutability(globals);
      readConstExpr(globals, m.indexing, m.patches);
    }
    globals.expectEnd('global section');
  }
  const exports = sec(S.SEC_EXPORT);
  if (exports) readExports(exports, m);
  const start = sec(S.SEC_START);
  if (start) {
    m.start = start.u32();
    start.expectEnd('start section');
  }
  const elements = sec(S.SEC_ELEMENT);
  if (elements) readElementSection(elements, m.indexing, m.patches);
  const dataCount = sec(S.SEC_DATA_COUNT);
  if (dataCount) {
    dataCount.u32();
    dataCount.expectEnd('data count section');
  }
  const data = sec(S.SEC_DATA);
  if (data) readDataSection(data, m.indexing, m.patches);
  return m;
}

function readMutability(r: ByteReader): number {
  const at = r.pos;
  const mut = r.u8();
  if (mut > 1) throw invalidModule(`bad global mutability ${hex(mut)}`, at);
  return mut;
}

function readTypes(r: ByteReader, m: DecodedModule): void {
  const n = r.count();
  checkCount('function types', n, MODULE_CAPS.maxTypes);
  for (let i = 0; i < n; i++) {
    const at = r.pos;
    const form = r.u8();
    if (form !== 0x60) {
      if (form === 0x5e || form === 0x5f || form === 0x50 || form === 0x4f || form === 0x4e) {
        throw unsupportedFeature('garbage collection (composite types)', hex(form), at);
      }
      throw invalidModule(`bad type form ${hex(form)}`, at);
    }
    const params = r.count();
    let paramBytes = 0;
    for (let p = 0; p < params; p++) paramBytes += valueBytes(readValType(r));
    const results = r.count();
    for (let q = 0; q < results; q++) readValType(r);
    m.typeParamCounts.push(params);
    m.typeParamBytes.push(paramBytes);
  }
  r.expectEnd('type section');
}

function readImports(r: ByteReader, m: DecodedModule): void {
  const n = r.count(4);
  m.importEntriesStart = r.pos;
  for (let i = 0; i < n; i++) {
    const module = r.name();
    const name = r.name();
    const at = r.pos;
    const kind = r.u8();
    switch (kind) {
      case 0: {
        const t = r.u32();
        if (t >= m.typeParamCounts.length) throw invalidModule(`import type index ${t} out of range`, at);
        m.importedFunctionCount++;
        break;
      }
      case 1:
        readRefType(r);
        readLimits(r, 'table');
        m.importedTableCount++;
        break;
      case 2:
        m.memories.push({ ...readLimits(r, 'memory'), imported: true });
        break;
      case 3:
        readValType(r);
        readMutability(r);
        m.importedGlobalCount++;
        break;
      case 4:
        throw unsupportedFeature('exception handling (tag import)', undefined, at);
      default:
        throw invalidModule(`bad import kind ${hex(kind)}`, at);
    }
    m.imports.push({ module, name, kind: EXTERN_KINDS[kind]! });
  }
  r.expectEnd('import section');
}

function readExports(r: ByteReader, m: DecodedModule): void {
  const n = r.count(3);
  m.exportEntriesStart = r.pos;
  const seen = new Set<string>();
  for (let i = 0; i < n; i++) {
    const nameAt = r.pos;
    const name = r.name();
    if (seen.has(name)) throw invalidModule(`duplicate export name '${name}'`, nameAt);
    seen.add(name);
    const at = r.pos;
    const kind = r.u8();
    if (kind > 3) {
      if (kind === 4) throw unsupportedFeature('exception handling (tag export)', undefined, at);
      throw invalidModule(`bad export kind ${hex(kind)}`, at);
    }
    const index = kind === 3 ? m.patches.globalIndex(r, m.indexing) : r.u32();
    m.exports.push({ name, kind: EXTERN_KINDS[kind]!, index });
  }
  r.expectEnd('export section');
}
