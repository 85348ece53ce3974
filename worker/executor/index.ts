/** Public API of the WASI executor. */
export { Executor, type ExecutorOptions } from './Executor.ts';
export type { RunOptions } from './RunOptions.ts';
export { DEFAULT_MAX_OUTPUT_BYTES, DEFAULT_RUN_LIMITS } from './RunOptions.ts';
export { detectWasmKind, type WasmKind } from './detectWasmKind.ts';
export type { HttpCapability, HttpHostOptions } from './http/HttpCapability.ts';
export { parseTranscript } from './http/transcript/parseTranscript.ts';
export { canonicalJson, transcriptSha256 } from './http/transcript/canonicalJson.ts';
