/**
 * `errand build SOURCE [--commit C] [--target T] [--sandbox bwrap|docker] [--json]`: compiles a
 * program locally through the same path a worker uses (sandbox with no network, validation, sha256)
 * and writes the module to .errand/modules/<sha256>.wasm. SOURCE is a git URL (pinned to --commit,
 * default HEAD) or a local directory: built as it is on disk, or, with --commit, as that commit of
 * the git repository it belongs to. Exit 1 with a coded message when the build fails, 2 on bad arguments.
 */
import { execFile } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { parseArgs } from 'node:util';
import { ErrandError, isErrandError } from '../../common/errors/index.ts';
import { BUILD_TARGETS, type BuildTarget } from '../../common/types/index.ts';
import { compileSource, createSandbox, SANDBOX_BACKENDS, type CompileInput, type SandboxBackend } from '../../worker/compile/index.ts';
import { ProgressDisplay } from '../../worker/compile/ProgressDisplay.ts';

export const summary = 'compile a git repository or local directory to WebAssembly in the offline sandbox';

const USAGE = 'usage: errand build SOURCE [--commit C] [--target wasm32-wasip1|wasm32-wasip2] [--sandbox bwrap|docker] [--json]';
const BUILD_TIMEOUT_MS = 10 * 60_000;

export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseBuildArgs(argv);
  const source = await resolveSource(positionals[0]!, values.commit, values.target as BuildTarget | undefined);
  const sandbox = createSandbox(values.sandbox as SandboxBackend);
  const progress = new ProgressDisplay();
  try {
    const result = await compileSource(source, {
      sandbox,
      workDir: os.tmpdir(),
      timeoutMs: BUILD_TIMEOUT_MS,
      onProgress: (phase) => progress.update(phase),
    });
    progress.stop();
    const dir = path.resolve('.errand', 'modules');
    await mkdir(dir, { recursive: true });
    const file = path.join(dir, `${result.sha256}.wasm`);
    await writeFile(file, result.wasm);
    const out = { sha256: result.sha256, path: file, target: result.target, commit: result.commit, buildMs: result.buildMs };
    if (values.json) console.log(JSON.stringify(out));
    else console.log(`sha256: ${out.sha256}\npath: ${out.path}\ntarget: ${out.target}\ncommit: ${out.commit ?? '(working tree)'}\nbuildMs: ${out.buildMs}`);
    return 0;
  } catch (err) {
    progress.stop();
    if (isErrandError(err) && 'logTail' in err.context && typeof err.context.logTail === 'string') {
      process.stderr.write(`--- build log (end) ---\n${err.context.logTail.trimEnd()}\n---\n`);
    }
    throw err;
  }
}

function parseBuildArgs(argv: string[]) {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        commit: { type: 'string' },
        target: { type: 'string' },
        sandbox: { type: 'string', default: process.platform === 'linux' ? 'bwrap' : 'docker' },
        json: { type: 'boolean', default: false },
      },
    });
  } catch (err) {
    throw invalid(`${err instanceof Error ? err.message : String(err)}\n${USAGE}`);
  }
  const { values, positionals } = parsed;
  if (positionals.length !== 1) throw invalid(`expected exactly one SOURCE\n${USAGE}`, 'SOURCE');
  if (values.target !== undefined && !(BUILD_TARGETS as readonly string[]).includes(values.target)) {
    throw invalid(`--target must be one of ${BUILD_TARGETS.join(', ')}`, 'target');
  }
  if (!(SANDBOX_BACKENDS as readonly string[]).includes(values.sandbox)) throw invalid(`--sandbox must be bwrap or docker`, 'sandbox');
  return { values, positionals };
}

async function resolveSource(arg: string, commit: string | undefined, target: BuildTarget | undefined): Promise<CompileInput> {
  if (!existsSync(arg)) {
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(arg) || /^[\w.-]+@[\w.-]+:/.test(arg)) return { kind: 'git', repo: arg, commit: commit ?? 'HEAD', target };
    throw invalid(`SOURCE '${arg}' is neither an existing directory nor a git URL`, 'SOURCE');
  }
  if (!statSync(arg).isDirectory()) throw invalid(`SOURCE '${arg}' is not a directory`, 'SOURCE');
  const dir = path.resolve(arg);
  if (commit === undefined) return { kind: 'dir', path: dir, target };
  const top = await gitTopLevel(dir);
  if (!top) throw invalid(`--commit needs SOURCE inside a git repository; ${dir} is not`, 'commit');
  const sub = path.relative(top, dir);
  return { kind: 'git', repo: pathToFileURL(top).href, commit, target, ...(sub ? { path: sub } : {}) };
}

async function gitTopLevel(dir: string): Promise<string | null> {
  try {
    const { stdout } = await promisify(execFile)('git', ['-C', dir, 'rev-parse', '--show-toplevel'], { timeout: 10_000 });
    return stdout.trim() || null;
  } catch {
    return null;
  }
}

function invalid(message: string, field?: string): ErrandError {
  return new ErrandError('COMMON__INVALID_ARGUMENT', message, field ? { field } : {});
}

export { USAGE as usage };
