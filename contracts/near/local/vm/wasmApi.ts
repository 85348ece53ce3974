/**
 * The slice of V8's WebAssembly API the VM uses, typed locally: the repo's tsconfig (lib ES2023,
 * node types) declares no WebAssembly namespace, and a module-scoped type cannot clash with one
 * added later.
 */
export interface WasmMemory {
  readonly buffer: ArrayBuffer;
}
export interface WasmModule {
  readonly __wasmModule: unique symbol;
}
export interface WasmInstance {
  readonly exports: Record<string, unknown>;
}
export interface ModuleDescriptor {
  name: string;
  kind: 'function' | 'table' | 'memory' | 'global';
}
export interface ImportDescriptor extends ModuleDescriptor {
  module: string;
}

interface WasmApi {
  Module: { new (bytes: Uint8Array): WasmModule; imports(m: WasmModule): ImportDescriptor[]; exports(m: WasmModule): ModuleDescriptor[] };
  Instance: new (m: WasmModule, imports: Record<string, Record<string, unknown>>) => WasmInstance;
  Memory: new (d: { initial: number; maximum?: number }) => WasmMemory;
  RuntimeError: new () => Error;
  LinkError: new () => Error;
  CompileError: new () => Error;
  validate(bytes: Uint8Array): boolean;
}

export const wasm = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;
