/** Public API of the WASI executor. */
export { Executor, type ExecutorOptions } from './Executor.ts';
export type { RunOptions } from './RunOptions.ts';
export { DEFAULT_MAX_OUTPUT_BYTES, DEFAULT_RUN_LIMITS } from './RunOptions.ts';
export { detectWasmKind, type WasmKind } from './detectWasmKind.ts';
