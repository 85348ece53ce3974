/** Tiny hand-assembled WebAssembly fixtures for the compile and output tests. */
export const CORE_HEADER = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];

/** (module (func (export "_start"))): the smallest valid wasm32-wasip1 command. */
export const START_MODULE = new Uint8Array([...CORE_HEADER, 1, 4, 1, 0x60, 0, 0, 3, 2, 1, 0, 7, 10, 1, 6, 0x5f, 0x73, 0x74, 0x61, 0x72, 0x74, 0, 0, 10, 4, 1, 2, 0, 0x0b]);
