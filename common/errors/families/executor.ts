/**
 * Codes of the WASI executor (worker/executor, except the instrumenter, whose codes live in
 * instrument.ts). Stable: add new codes, never rename or reuse one. Most of these travel inside an
 * ExecutionResult's `error` field rather than being thrown: a run that happened is a result.
 */
export interface ExecutorErrors {
  /** The bytes are not a WebAssembly module or component (bad magic, bad version, failed validation). */
  EXECUTOR__NOT_WASM: { reason: string };
  /** The module imports something the host does not provide; detected at link time, before running. */
  EXECUTOR__UNKNOWN_IMPORT: { module: string; name: string; kind: string };
  /** The module exports no `_start` (a WASI command) and the component no `wasi:cli/run`. */
  EXECUTOR__NO_ENTRY_POINT: { exports: string[] };
  /** The component could not be transpiled by jco (malformed, or a world the host does not serve). */
  EXECUTOR__COMPONENT_TRANSPILE_FAILED: { reason: string };
  /** The program executed its whole fuel budget. */
  EXECUTOR__FUEL_EXHAUSTED: { fuel: number };
  /** The wall-clock deadline passed; the thread running the program was terminated. */
  EXECUTOR__TIMEOUT: { timeoutMs: number };
  /** The program trapped (unreachable, out-of-bounds access, stack overflow, division by zero...). */
  EXECUTOR__TRAP: { reason: string };
  /** The engine could not allocate the memory the program asked for within its cap. */
  EXECUTOR__OUT_OF_MEMORY: { memoryMb: number; reason: string };
  /** The thread running the program died for a reason other than the deadline. */
  EXECUTOR__THREAD_CRASHED: { reason: string };
  /** `run` was called after `close()`. */
  EXECUTOR__CLOSED: Record<string, never>;
  /** Preparing the module (instrumenting and compiling it) passed its own wall-clock limit. */
  EXECUTOR__PREPARE_TIMEOUT: { timeoutMs: number };
  /** The thread preparing the module ran out of its heap (or died) before the module was ready. */
  EXECUTOR__PREPARE_OUT_OF_MEMORY: { reason: string };
  /** A run option the executor does not implement yet for this kind of program (named in `feature`). */
  EXECUTOR__UNFINISHED: { feature: string };
  /** A replayed run asked for an HTTP exchange other than the recorded one (or more of them). */
  EXECUTOR__HTTP_REPLAY_MISMATCH: { reason: string };
}

export const executorHttpStatus: { [K in keyof ExecutorErrors]: number } = {
  EXECUTOR__NOT_WASM: 422,
  EXECUTOR__UNKNOWN_IMPORT: 422,
  EXECUTOR__NO_ENTRY_POINT: 422,
  EXECUTOR__COMPONENT_TRANSPILE_FAILED: 422,
  EXECUTOR__FUEL_EXHAUSTED: 422,
  EXECUTOR__TIMEOUT: 422,
  EXECUTOR__TRAP: 422,
  EXECUTOR__OUT_OF_MEMORY: 422,
  EXECUTOR__THREAD_CRASHED: 500,
  EXECUTOR__CLOSED: 503,
  EXECUTOR__PREPARE_TIMEOUT: 422,
  EXECUTOR__PREPARE_OUT_OF_MEMORY: 422,
  EXECUTOR__UNFINISHED: 501,
  EXECUTOR__HTTP_REPLAY_MISMATCH: 422,
};
