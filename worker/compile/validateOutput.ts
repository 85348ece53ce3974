/**
 * Checks a module before it is hashed, cached or run: the size cap, then for wasm32-wasip1 a core
 * module (header version 1) that V8 validates and that exports `_start` (a WASI command); for
 * wasm32-wasip2 a component (header layer 1, which V8 cannot validate) that jco's wasm-tools parses.
 * It does not prove the program is well-behaved: the executor's limits do that.
 */
import { metadataShow } from '@bytecodealliance/jco';
import { ErrandError } from '../../common/errors/index.ts';
import type { BuildTarget } from '../../common/types/index.ts';

const MAGIC = [0x00, 0x61, 0x73, 0x6d];
const CORE_VERSION = [0x01, 0x00, 0x00, 0x00];
const COMPONENT_VERSION = [0x0d, 0x00, 0x01, 0x00];

export type WasmKind = 'core' | 'component' | 'unknown';

export function wasmKind(bytes: Uint8Array): WasmKind {
  if (bytes.length < 8 || !MAGIC.every((b, i) => bytes[i] === b)) return 'unknown';
  if (CORE_VERSION.every((b, i) => bytes[4 + i] === b)) return 'core';
  if (COMPONENT_VERSION.every((b, i) => bytes[4 + i] === b)) return 'component';
  return 'unknown';
}

export async function validateOutput(bytes: Uint8Array, target: BuildTarget, maxBytes: number): Promise<void> {
  if (bytes.byteLength > maxBytes) {
    throw new ErrandError('WORKER__OUTPUT_TOO_LARGE', `the module is ${bytes.byteLength} bytes, over the ${maxBytes}-byte cap`, {
      bytes: bytes.byteLength,
      limitBytes: maxBytes,
    });
  }
  const invalid = (reason: string): ErrandError =>
    new ErrandError('WORKER__OUTPUT_INVALID', `the built module is not a valid ${target} module: ${reason}`, { target, reason });
  const kind = wasmKind(bytes);
  if (target === 'wasm32-wasip1') {
    if (kind !== 'core') throw invalid(kind === 'component' ? 'it is a component, not a core module' : 'bad WebAssembly header');
    if (!WebAssembly.validate(bytes)) throw invalid('WebAssembly.validate rejected it');
    const module = await WebAssembly.compile(bytes);
    if (!WebAssembly.Module.exports(module).some((e) => e.name === '_start' && e.kind === 'function'))
      throw invalid('it exports no _start function (not a WASI command)');
    return;
  }
  if (kind !== 'component') throw invalid(kind === 'core' ? 'it is a core module, not a component' : 'bad WebAssembly header');
  try {
    const meta = await metadataShow(bytes);
    if (meta[0]?.metaType.tag !== 'component') throw new Error('top level is not a component');
  } catch (err) {
    throw invalid(`wasm-tools could not parse it: ${err instanceof Error ? err.message : String(err)}`);
  }
}
