/** Assembles WebAssembly text for tests with wasm-tools (through jco), which knows every proposal. */
import { parse, print } from '@bytecodealliance/jco';

export async function wat(text: string): Promise<Uint8Array> {
  return parse(text);
}

export async function toText(bytes: Uint8Array): Promise<string> {
  return print(bytes);
}

/** Instantiates with optional imports and returns the exports, loosely typed for tests. */
export function instantiate(bytes: Uint8Array, imports: WebAssembly.Imports = {}): Record<string, any> {
  const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), imports);
  return instance.exports as Record<string, any>;
}
