/** Assembles WebAssembly text for tests with wasm-tools (through jco), which knows every proposal. */
import { parse, print } from '@bytecodealliance/jco';

export async function wat(text: string): Promise<Uint8Array> {
  return parse(text);
}

export async function toText(bytes: Uint8Array): Promise<string> {
  return print(bytes);
}

/** Exports of a test module: functions called with test arguments and globals read, so loosely typed. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests call arbitrary exports dynamically
export type TestExports = Record<string, any>;

/** Instantiates with optional imports and returns the exports. */
export function instantiate(bytes: Uint8Array, imports: WebAssembly.Imports = {}): TestExports {
  const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), imports);
  return instance.exports as TestExports;
}
