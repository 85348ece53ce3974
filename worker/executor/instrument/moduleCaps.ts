/**
 * Caps on everything a module declares that V8 allocates on its heap (or in compiler zones)
 * before a single instruction runs, checked while decoding, i.e. before V8 sees the bytes. V8's
 * own limits (wasm-limits.h) are far above what a pool thread's heap holds — four tables of ten
 * million entries abort the whole process with a fatal heap OOM — so the executor's caps are
 * lower, and they are the same on every machine (a refusal is a property of the bytes).
 *
 * Tables are the one resource a running module can grow (table.grow): every defined table's
 * maximum is lowered so that all of them together stay within MAX_TABLE_ELEMENTS; growth past it
 * fails as the spec says (table.grow returns -1), before V8 allocates anything.
 *
 * Not promised: a cap on what JavaScript host objects a run creates (they are bounded by fuel:
 * every host call is charged), nor on V8's compiled code size (bounded by the module size cap).
 */
import { ErrandError } from '../../../common/errors/index.ts';

export const MODULE_CAPS = {
  /** Bytes of one module (and of each core module of a component). */
  maxModuleBytes: 32 * 1024 * 1024,
  /** Bytes of the metered module (real programs grow about 2x; the output buffer never passes this). */
  maxMeteredModuleBytes: 128 * 1024 * 1024,
  /** Functions, imported and defined. V8's limit is 1,000,000 defined functions. */
  maxFunctions: 200_000,
  /** Bytes of one function body before metering. V8's limit is 7,654,321 after metering. */
  maxFunctionBodyBytes: 2 * 1024 * 1024,
  /** Function types. V8's limit is 1,000,000. */
  maxTypes: 100_000,
  /** Globals, imported and defined (the fuel counter adds one). V8's limit is 1,000,000. */
  maxGlobals: 100_000,
  /** Tables, imported and defined. V8's limit is 100,000. */
  maxTables: 16,
  /** Elements of all defined tables together, initial and after any growth. V8 allows 10,000,000 per table. */
  maxTableElements: 1 << 20,
  /** Entries of all element segments together (passive ones live as long as the instance). */
  maxElementEntries: 1 << 20,
  /** Data segments. V8's limit is 100,000. */
  maxDataSegments: 100_000,
  /** Core instances one run creates (a component's core modules and their shims). */
  maxInstances: 64,
} as const;

/** V8's limits (v8/src/wasm/wasm-limits.h) that metering adds to. */
export const V8_LIMITS = {
  maxFunctionBodyBytes: 7_654_321,
  maxLocals: 50_000,
  maxImports: 100_000,
  maxExports: 100_000,
} as const;

export function resourceLimit(resource: string, count: number, cap: number): ErrandError<'EXECUTOR__RESOURCE_LIMIT'> {
  return new ErrandError('EXECUTOR__RESOURCE_LIMIT', `the module declares ${count} ${resource}, above the executor's cap of ${cap}`, {
    resource,
    count,
    cap,
  });
}

export function pastV8Limit(limit: string, value: number, v8Max: number, functionIndex?: number): ErrandError<'EXECUTOR__INSTRUMENTED_PAST_V8_LIMIT'> {
  const where = functionIndex === undefined ? '' : ` in function ${functionIndex}`;
  return new ErrandError(
    'EXECUTOR__INSTRUMENTED_PAST_V8_LIMIT',
    `fuel metering would push ${limit}${where} to ${value}, past V8's limit of ${v8Max}: the module cannot be metered`,
    { limit, value, v8Max, ...(functionIndex === undefined ? {} : { functionIndex }) },
  );
}

export function checkModuleSize(bytes: number): void {
  const cap = MODULE_CAPS.maxModuleBytes;
  if (bytes > cap) {
    throw new ErrandError('EXECUTOR__MODULE_TOO_LARGE', `the module is ${bytes} bytes, above the cap of ${cap}`, { bytes, cap });
  }
}

/** The metered module would pass maxMeteredModuleBytes. */
export function meteredTooLarge(bytes: number): never {
  const cap = MODULE_CAPS.maxMeteredModuleBytes;
  throw new ErrandError('EXECUTOR__MODULE_TOO_LARGE', `metering would make the module over ${bytes} bytes, above the cap of ${cap}`, { bytes, cap });
}

export function checkCount(resource: string, count: number, cap: number): void {
  if (count > cap) throw resourceLimit(resource, count, cap);
}

/**
 * Lowers each defined table's maximum so that all defined tables together never hold more than
 * maxTableElements: each keeps its initial size plus an equal share of what the initial sizes
 * leave. Initial sizes above the cap are refused.
 */
export function capTables(tables: { min: number; max?: number }[]): { min: number; max: number }[] {
  const cap = MODULE_CAPS.maxTableElements;
  const initial = tables.reduce((n, t) => n + t.min, 0);
  if (initial > cap) throw resourceLimit('initial table elements', initial, cap);
  const share = tables.length === 0 ? 0 : Math.floor((cap - initial) / tables.length);
  return tables.map((t) => ({ min: t.min, max: Math.min(t.max ?? Infinity, t.min + share) }));
}
