/**
 * Development mode without bubblewrap: builds the languages whose compilers come from npm, running
 * none of the repository's own build scripts. AssemblyScript compiles in a worker thread
 * (ascThread.mjs) with a heap cap and a deadline (terminated when it passes), no child process and
 * no network, and is adapted there into a component for wasm32-wasip2; a JavaScript component is
 * built by componentize-js in a child process (componentizeInProcess.ts says why not a thread).
 * C and Rust compile only in the OS sandbox and fail with WORKER__BUILD_NEEDS_SANDBOX, naming the
 * package. Never used in production (wireWorker selects it only in development mode when the probe
 * found bubblewrap broken).
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile, symlink } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { ErrandError } from '../../../common/errors/index.ts';
import { HOST_TOOLS } from '../../sandbox/probeHost.ts';
import { buildEnv } from '../buildEnv.ts';
import { planBuild } from '../buildPlan.ts';
import type { BuildTreeOptions, BuiltTree } from '../buildTree.ts';
import { validateOutput } from '../validateOutput.ts';
import type { BuildTarget } from '../../../common/types/index.ts';
import type { CompilerRun } from './CompilerRun.ts';
import { componentizeInProcess } from './componentizeInProcess.ts';

const THREAD = fileURLToPath(new URL('./ascThread.mjs', import.meta.url));
const NODE_MODULES = fileURLToPath(new URL('../../../node_modules', import.meta.url));
/** The compiler thread's heap cap. */
export const NPM_BUILD_HEAP_MB = 1024;

export async function buildTreeInThread(treeDir: string, options: Omit<BuildTreeOptions, 'sandbox'>): Promise<BuiltTree> {
  const { subdir, programDir, language, target } = await planBuild(treeDir, options);
  if (language === 'c' || language === 'rust') {
    throw new ErrandError(
      'WORKER__BUILD_NEEDS_SANDBOX',
      `${language === 'c' ? 'C' : 'Rust'} sources compile only inside bubblewrap, which this development worker cannot run; install it with: ${HOST_TOOLS.bwrap.install}`,
      { language, install: HOST_TOOLS.bwrap.install },
    );
  }
  const env = await buildEnv(programDir, subdir, language);
  // As the sandbox's script does: the checkout sees the compilers' node_modules, never its own install.
  if (!existsSync(path.join(programDir, 'node_modules'))) await symlink(NODE_MODULES, path.join(programDir, 'node_modules'));
  const outFile = path.join(path.resolve(options.outputDir), 'module.wasm');
  await mkdir(path.dirname(outFile), { recursive: true });
  options.onPhase?.('building');
  const log =
    language === 'js-component'
      ? await componentizeInProcess(
          {
            programDir,
            entry: env.ERRAND_ENTRY!,
            wit: env.ERRAND_WIT!,
            world: env.ERRAND_WORLD,
            outFile,
            homeDir: path.join(path.resolve(options.outputDir), 'home'),
          },
          options.wallMs,
          options.signal,
        )
      : await runAscThread(programDir, env.ERRAND_ENTRY!, outFile, target, options);
  options.onLog?.(log.text.slice(0, options.maxLogBytes));
  if (log.timedOut) {
    throw new ErrandError('WORKER__BUILD_TIMEOUT', `the ${language} build ran past ${options.wallMs} ms`, {
      language,
      target,
      timeoutMs: options.wallMs,
      logTail: log.text.slice(-4096),
    });
  }
  if (!log.ok) throw new ErrandError('WORKER__BUILD_FAILED', `the ${language} build failed`, { language, target, exitCode: 1, logTail: log.text.slice(-4096) });
  options.onPhase?.('validating');
  const wasm = new Uint8Array(await readFile(outFile).catch(() => Buffer.alloc(0)));
  if (wasm.length === 0) throw new ErrandError('WORKER__OUTPUT_INVALID', `the ${language} build produced no module.wasm`, { target, reason: 'no output file' });
  await validateOutput(wasm, target, options.maxOutputBytes);
  return { wasm, target, language };
}

async function runAscThread(
  programDir: string,
  entry: string,
  outFile: string,
  target: BuildTarget,
  o: Omit<BuildTreeOptions, 'sandbox'>,
): Promise<CompilerRun> {
  const hasConfig = existsSync(path.join(programDir, 'asconfig.json'));
  const release = hasConfig && (await readFile(path.join(programDir, 'asconfig.json'), 'utf8')).includes('"release"');
  const data = {
    programDir,
    nodeModules: NODE_MODULES,
    entry,
    outFile,
    config: hasConfig ? 'asconfig.json' : 'node_modules/@assemblyscript/wasi-shim/asconfig.json',
    optimize: release ? ['--target', 'release'] : hasConfig ? [] : ['-O3'],
    adaptToComponent: target === 'wasm32-wasip2',
  };
  return runThread(data, o.wallMs, o.signal);
}

function runThread(data: Record<string, unknown>, wallMs: number, signal: AbortSignal | undefined): Promise<CompilerRun> {
  return new Promise((resolve) => {
    const worker = new Worker(THREAD, { workerData: data, resourceLimits: { maxOldGenerationSizeMb: NPM_BUILD_HEAP_MB }, stdout: true, stderr: true });
    let settled = false;
    const end = (result: { ok: boolean; text: string; timedOut: boolean }): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      void worker.terminate();
      resolve(result);
    };
    const timer = setTimeout(() => end({ ok: false, text: '', timedOut: true }), wallMs);
    const onAbort = (): void => end({ ok: false, text: 'errand: build aborted\n', timedOut: false });
    signal?.addEventListener('abort', onAbort, { once: true });
    worker.on('message', (m: { ok: boolean; log: string }) => end({ ok: m.ok, text: m.log, timedOut: false }));
    worker.on('error', (e: Error) => end({ ok: false, text: `errand: compiler thread failed: ${e.message}\n`, timedOut: false }));
    worker.on('exit', (code) => end({ ok: false, text: `errand: compiler thread exited (${code})\n`, timedOut: false }));
  });
}
