/**
 * Compiles a C or Rust program to a WASI preview 1 command with the Debian toolchains
 * (clang-14 + wasi-libc, /usr/bin/rustc wasm32-wasi), caching the .wasm in node_modules/.cache
 * (never the system temp directory, which test runs leave clean) by the sha256 of source + flags,
 * so benchmarks and tests compile each program once per checkout.
 * Binaries are never committed. Not a sandbox: only for sources in this repository.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
export const WASM_CACHE_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../node_modules/.cache/errand-wasm');

export type Language = 'c' | 'rust';

const COMMANDS: Record<Language, (src: string, out: string) => [string, string[]]> = {
  c: (src, out) => ['clang-14', ['--target=wasm32-wasi', '--sysroot=/usr', '-O2', '-Wl,--strip-all', '-o', out, src, '-lm']],
  rust: (src, out) => ['/usr/bin/rustc', ['--target', 'wasm32-wasi', '-C', 'opt-level=3', '-C', 'strip=symbols', '--edition', '2021', '-o', out, src]],
};

export async function compileWasiSource(source: string, language: Language, opts: { timeoutMs?: number; signal?: AbortSignal } = {}): Promise<Uint8Array> {
  const digest = createHash('sha256')
    .update(`${language}\0${COMMANDS[language]('S', 'O').flat().join(' ')}\0${source}`)
    .digest('hex');
  const out = path.join(WASM_CACHE_DIR, `${digest}.wasm`);
  try {
    return new Uint8Array(await readFile(out));
  } catch {
    // not cached yet
  }
  const work = path.join(WASM_CACHE_DIR, `build-${digest}-${process.pid}`);
  await mkdir(work, { recursive: true });
  try {
    const src = path.join(work, language === 'c' ? 'main.c' : 'main.rs');
    await writeFile(src, source);
    const [cmd, args] = COMMANDS[language](src, path.join(work, 'out.wasm'));
    await run(cmd, args, { cwd: work, timeout: opts.timeoutMs ?? 120_000, signal: opts.signal });
    await rename(path.join(work, 'out.wasm'), out);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
  return new Uint8Array(await readFile(out));
}

export async function compileWasiFile(file: string, opts: { timeoutMs?: number; signal?: AbortSignal } = {}): Promise<Uint8Array> {
  const language: Language = file.endsWith('.rs') ? 'rust' : 'c';
  return compileWasiSource(await readFile(file, 'utf8'), language, opts);
}
