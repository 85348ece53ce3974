/**
 * Tells a core WebAssembly module from a component by the preamble: both start with `\0asm`; a
 * module has version 1 and layer 0, a component a version of its own and layer 1. Only the
 * preamble is looked at: 'module' does not mean the bytes validate.
 */
export type WasmKind = 'module' | 'component' | 'invalid';

export function detectWasmKind(bytes: Uint8Array): WasmKind {
  if (bytes.length < 8) return 'invalid';
  if (bytes[0] !== 0x00 || bytes[1] !== 0x61 || bytes[2] !== 0x73 || bytes[3] !== 0x6d) return 'invalid';
  const layer = bytes[6] | (bytes[7] << 8);
  const version = bytes[4] | (bytes[5] << 8);
  if (layer === 0 && version === 1) return 'module';
  if (layer === 1) return 'component';
  return 'invalid';
}
