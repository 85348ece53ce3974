/** Codes of the WebAssembly decoder and fuel instrumenter (worker/executor/instrument). Stable. */
export interface InstrumentErrors {
  /** The bytes are not a well-formed core WebAssembly module (bad magic, truncated, bad LEB, bad section...). */
  EXECUTOR__INVALID_MODULE: { reason: string; offset?: number };
  /** The module uses a feature outside WebAssembly 2.0 (threads, tail calls, exceptions, GC, memory64...). */
  EXECUTOR__UNSUPPORTED_FEATURE: { feature: string; opcode?: string; offset?: number };
  /** A defined memory's initial size already exceeds the memory cap. */
  EXECUTOR__MEMORY_LIMIT: { initialPages: number; maxPages: number };
  /** The module's bytes exceed the executor's module size cap. */
  EXECUTOR__MODULE_TOO_LARGE: { bytes: number; cap: number };
  /** The module declares (imports + defines) more functions than the cap. */
  EXECUTOR__TOO_MANY_FUNCTIONS: { count: number; cap: number };
  /** One function body exceeds the function body size cap. */
  EXECUTOR__FUNCTION_TOO_LARGE: { functionIndex: number; bytes: number; cap: number };
  /** Metering would push the module past one of V8's own limits (function size, locals, imports, exports). */
  EXECUTOR__INSTRUMENTED_PAST_V8_LIMIT: { limit: string; value: number; v8Max: number; functionIndex?: number };
  /** The module declares more of a V8-heap-backed resource (tables, table elements, element entries, globals, data segments, types) than its cap. */
  EXECUTOR__RESOURCE_LIMIT: { resource: string; count: number; cap: number };
}

export const instrumentHttpStatus: { [K in keyof InstrumentErrors]: number } = {
  EXECUTOR__INVALID_MODULE: 422,
  EXECUTOR__UNSUPPORTED_FEATURE: 422,
  EXECUTOR__MEMORY_LIMIT: 422,
  EXECUTOR__MODULE_TOO_LARGE: 422,
  EXECUTOR__TOO_MANY_FUNCTIONS: 422,
  EXECUTOR__FUNCTION_TOO_LARGE: 422,
  EXECUTOR__INSTRUMENTED_PAST_V8_LIMIT: 422,
  EXECUTOR__RESOURCE_LIMIT: 422,
};
