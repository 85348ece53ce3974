/**
 * Deterministic fuel metering of WebAssembly 2.0 core modules: a decoder/encoder and an
 * instrumenter that charges 1 fuel per instruction executed, per basic block (see costModel.ts).
 */
export { DEFERRED_START_EXPORT, FUEL_GLOBAL_EXPORT, FUEL_IMPORT_MODULE, FUEL_IMPORT_NAME, STACK_GLOBAL_EXPORT } from './names.ts';
export type { ExternKind, InstrumentOptions, ModuleInspection } from './types.ts';
export { instrumentModule } from './instrumentModule.ts';
export { inspectModule } from './inspectModule.ts';
export { BULK_BYTES_FUEL_SHIFT, DEFAULT_COST_MODEL, GROW_PAGE_FUEL_SHIFT, valueBytes, type CostModel } from './costModel.ts';
