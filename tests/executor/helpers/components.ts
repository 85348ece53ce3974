/**
 * Real preview 2 command components for tests, cached in the tmp dir: a C program adapted with
 * jco's `new` and the wasi_snapshot_preview1 command adapter shipped with jco (fast), and a
 * JavaScript component built by componentize-js (slow: seconds to minutes, built once).
 */
import { createHash } from 'node:crypto';
import { execFile } from 'node:child_process';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import path from 'node:path';
import { componentNew, preview1AdapterCommandPath } from '@bytecodealliance/jco';
import { componentize } from '@bytecodealliance/componentize-js';
import { WASM_CACHE_DIR } from '../../../bench/programs/compileWasi.ts';

const DRIVER = fileURLToPath(new URL('../../../worker/compile/drivers/componentize.mjs', import.meta.url));

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

/**
 * An example directory's JavaScript component (package.json `errand.component`), built by the
 * compile driver Errand's sandboxed build runs (worker/compile/drivers/componentize.mjs), in a
 * child process: the driver opens the preview2 shim's filesystem to read the WIT, which this
 * test process should not.
 */
export async function jsExample(dir: string): Promise<Uint8Array> {
  const pkg = JSON.parse(await readFile(path.join(dir, 'package.json'), 'utf8')) as { errand: { component: { source: string; wit: string; world: string } } };
  const { source, wit, world } = pkg.errand.component;
  const js = await readFile(path.join(dir, source), 'utf8');
  const witText = await readFile(path.join(dir, wit, 'world.wit'), 'utf8');
  return cached(`componentize-js-dir\0${js}\0${witText}`, async () => {
    await mkdir(WASM_CACHE_DIR, { recursive: true });
    const out = path.join(WASM_CACHE_DIR, `build-${process.pid}-${Date.now()}.wasm`);
    await promisify(execFile)(process.execPath, [DRIVER, path.join(dir, source), path.join(dir, wit), out, world], { timeout: 600_000 });
    try {
      return new Uint8Array(await readFile(out));
    } finally {
      await rm(out, { force: true });
    }
  });
}

export async function jsCommand(source: string): Promise<Uint8Array> {
  return cached(`componentize-js\0${source}`, async () => (await componentize(source, JS_WORLD)).component);
}
