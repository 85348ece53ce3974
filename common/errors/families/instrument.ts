/** Codes of the WebAssembly decoder and fuel instrumenter (worker/executor/instrument). Stable. */
export interface InstrumentErrors {
  /** The bytes are not a well-formed core WebAssembly module (bad magic, truncated, bad LEB, bad section...). */
  EXECUTOR__INVALID_MODULE: { reason: string; offset?: number };
  /** The module uses a feature outside WebAssembly 2.0 (threads, tail calls, exceptions, GC, memory64...). */
  EXECUTOR__UNSUPPORTED_FEATURE: { feature: string; opcode?: string; offset?: number };
  /** A defined memory's initial size already exceeds the memory cap. */
  EXECUTOR__MEMORY_LIMIT: { initialPages: number; maxPages: number };
}

export const instrumentHttpStatus: { [K in keyof InstrumentErrors]: number } = {
  EXECUTOR__INVALID_MODULE: 422,
  EXECUTOR__UNSUPPORTED_FEATURE: 422,
  EXECUTOR__MEMORY_LIMIT: 422,
};
