/**
 * Real preview 2 command components for tests, cached in the tmp dir: a C program adapted with
 * jco's `new` and the wasi_snapshot_preview1 command adapter shipped with jco (fast), and a
 * JavaScript component built by componentize-js (slow: seconds to minutes, built once).
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { componentNew, preview1AdapterCommandPath } from '@bytecodealliance/jco';
import { componentize } from '@bytecodealliance/componentize-js';
import { WASM_CACHE_DIR } from '../../../bench/programs/compileWasi.ts';

async function cached(key: string, build: () => Promise<Uint8Array>): Promise<Uint8Array> {
  const file = path.join(WASM_CACHE_DIR, `${createHash('sha256').update(key).digest('hex')}.component.wasm`);
  try {
    return new Uint8Array(await readFile(file));
  } catch {
    const bytes = await build();
    await mkdir(WASM_CACHE_DIR, { recursive: true });
    await writeFile(file, bytes);
    return bytes;
  }
}

export async function adaptCommand(core: Uint8Array): Promise<Uint8Array> {
  const adapter = new Uint8Array(await readFile(preview1AdapterCommandPath()));
  const key = `adapt\0${createHash('sha256').update(core).update(adapter).digest('hex')}`;
  return cached(key, () => componentNew(core, [['wasi_snapshot_preview1', adapter]]));
}

const JS_WORLD = `package errand:test;
world hello {
  export wasi:cli/run@0.2.3;
}
package wasi:cli@0.2.3 {
  interface run {
    run: func() -> result;
  }
}
`;

export async function jsCommand(source: string): Promise<Uint8Array> {
  return cached(`componentize-js\0${source}`, async () => (await componentize(source, JS_WORLD)).component);
}
