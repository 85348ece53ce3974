/**
 * Development mode without bubblewrap: a JavaScript component built by componentize-js from npm,
 * in a child Node process (the sandbox's own driver, drivers/componentize.mjs) rather than a
 * thread, because componentize-js runs wizer as a native child process that a thread's
 * termination would leave running; killing the child's process group stops both at the deadline.
 *
 * Why this is acceptable without the OS sandbox, in development only: the user's JavaScript runs
 * only inside wizer's WebAssembly instance (StarlingMonkey), under WASI with no sockets, and its
 * preopened directory is the checkout (the child's working directory, which componentize-js maps
 * as "/"); no package script of the repository runs, and the Node heap is capped.
 */
import { spawn } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CompilerRun } from './CompilerRun.ts';

const DRIVER = fileURLToPath(new URL('../drivers/componentize.mjs', import.meta.url));
/** The child's Node heap cap (componentize-js holds the engine and the component in memory). */
export const COMPONENTIZE_HEAP_MB = 1024;

export async function componentizeInProcess(
  o: { programDir: string; entry: string; wit: string; world?: string; outFile: string; homeDir: string },
  wallMs: number,
  signal: AbortSignal | undefined,
): Promise<CompilerRun> {
  await mkdir(o.homeDir, { recursive: true });
  const args = [`--max-old-space-size=${COMPONENTIZE_HEAP_MB}`, DRIVER, o.entry, o.wit, o.outFile, ...(o.world ? [o.world] : [])];
  return new Promise((resolve) => {
    // Its own process group (detached) so the deadline kills wizer with it; a minimal environment:
    // nothing of the worker's (tokens, keys) reaches the build.
    const child = spawn(process.execPath, args, {
      cwd: o.programDir,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: o.homeDir, LANG: 'C.UTF-8' },
    });
    let text = `errand: componentize-js ${path.relative(o.programDir, path.resolve(o.programDir, o.entry))} (wit: ${o.wit}${o.world ? `, world: ${o.world}` : ''}; npm compilers, child process)\n`;
    const LOG_CAP = 1 << 20;
    const append = (chunk: Buffer): void => {
      if (text.length < LOG_CAP) text += chunk.toString('utf8');
    };
    child.stdout.on('data', append);
    child.stderr.on('data', append);
    let settled = false;
    const killGroup = (): void => {
      try {
        if (child.pid) process.kill(-child.pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    };
    const end = (run: CompilerRun): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      killGroup();
      resolve(run);
    };
    const timer = setTimeout(() => end({ ok: false, text, timedOut: true }), wallMs);
    const onAbort = (): void => end({ ok: false, text: `${text}errand: build aborted\n`, timedOut: false });
    signal?.addEventListener('abort', onAbort, { once: true });
    child.on('error', (e) => end({ ok: false, text: `${text}errand: could not start the componentize-js driver: ${e.message}\n`, timedOut: false }));
    child.on('close', (code) => end({ ok: code === 0, text: code === 0 ? text : `${text}errand: componentize-js exited with ${code}\n`, timedOut: false }));
  });
}
