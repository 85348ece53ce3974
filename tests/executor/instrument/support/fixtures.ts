/**
 * Compiles the real-program fixtures (C with clang-14 + wasi-libc, Rust with Debian rustc) into a
 * cache under os.tmpdir(), keyed by the source's sha256, so binaries are never committed and a
 * second run skips compilation. Returns undefined when the toolchain is missing (the caller skips).
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const here = path.dirname(fileURLToPath(import.meta.url));
const cacheDir = path.join(os.tmpdir(), 'errand-instrument-fixtures');

const CLANG = '/usr/bin/clang-14';
const RUSTC = '/usr/bin/rustc';

export async function fixtureWasm(name: string): Promise<Uint8Array | undefined> {
  const file = ['sha256.c', 'sieve.c', 'nbody.c', 'strings.rs'].find((f) => f.startsWith(`${name}.`));
  if (!file) throw new Error(`no fixture ${name}`);
  const src = path.join(here, '..', 'fixtures', file);
  const source = await readFile(src);
  const key = createHash('sha256').update(source).digest('hex').slice(0, 16);
  const out = path.join(cacheDir, `${name}-${key}.wasm`);
  if (existsSync(out)) return readFile(out);
  await mkdir(cacheDir, { recursive: true });
  const tmp = `${out}.${process.pid}.tmp`;
  const isC = file.endsWith('.c');
  if (!existsSync(isC ? CLANG : RUSTC)) return undefined;
  const args = isC
    ? ['--target=wasm32-wasi', '--sysroot=/usr', '-O2', src, '-o', tmp, '-lm']
    : ['--target', 'wasm32-wasi', '-O', '-C', 'debuginfo=0', src, '-o', tmp];
  await run(isC ? CLANG : RUSTC, args, { timeout: 120_000 });
  await rename(tmp, out);
  return readFile(out);
}
