/**
 * The compile path of the worker, end to end: pin a git revision to a commit, fetch that commit
 * shallowly, vet the tree, build it in the sandbox, validate and hash the module. A wasm_url source
 * is downloaded and hash-checked instead (no build); a local directory (CLI) is copied and vetted
 * like a fetched tree. Everything runs under one deadline (`timeoutMs`) and the caller's signal;
 * the per-build scratch directory is deleted when the build ends, and by the next worker start
 * when the process died mid-build (buildDirs.ts).
 */
import { createHash } from 'node:crypto';
import { cp, rm } from 'node:fs/promises';
import path from 'node:path';
import { ErrandError } from '../../common/errors/index.ts';
import { throwIfAborted, withTimeout } from '../../common/abort.ts';
import { parseSha256Hex, type BuildTarget, type GitSource, type Sha256Hex, type WasmUrlSource } from '../../common/types/index.ts';
import type { Sandbox, SandboxLimits } from '../sandbox/index.ts';
import { checkTree, fetchGitSource, fetchWasmUrl, openPermissions, pinCommit } from '../source/index.ts';
import { createBuildDir } from './buildDirs.ts';
import { buildTree, type BuildTreeOptions, type BuiltTree } from './buildTree.ts';
import type { Language } from './languages.ts';
import { validateOutput, wasmKind } from './validateOutput.ts';

export type LocalDirSource = { kind: 'dir'; path: string; target?: BuildTarget; subdir?: string };
export type CompileInput = WasmUrlSource | (Omit<GitSource, 'target'> & { target?: BuildTarget }) | LocalDirSource;
export type CompilePhase = 'fetching' | 'building' | 'validating' | 'done';

/** Builds a checked-out tree: buildTree (in the OS sandbox) unless a builder brings its own. */
export type TreeBuilder = (treeDir: string, options: Omit<BuildTreeOptions, 'sandbox'>) => Promise<BuiltTree>;

/** One of `sandbox` (builds run by buildTree in it) or `treeBuilder`. */
export interface CompileOptions {
  sandbox?: Sandbox;
  /** Default buildTree; the dev-only npm-compilers builder passes its own (worker/compile/npm/). */
  treeBuilder?: TreeBuilder;
  /** Parent of the per-build scratch directory; must be traversable by the sandbox's uid (e.g. os.tmpdir()). */
  workDir: string;
  signal?: AbortSignal;
  /** Time limit for fetch + build + validation. */
  timeoutMs: number;
  onLog?: (text: string) => void;
  onProgress?: (phase: CompilePhase) => void;
  language?: Language;
  limits?: Partial<Omit<SandboxLimits, 'wallMs'>>;
  /** Default 64 MiB. */
  maxOutputBytes?: number;
  /** Default 256 KiB. */
  maxLogBytes?: number;
  /** Default 200 MiB. */
  maxSourceBytes?: number;
}

export interface CompileResult {
  wasm: Uint8Array;
  sha256: Sha256Hex;
  target: BuildTarget;
  /** The pinned commit; null for a wasm_url or a plain (non-git) directory. */
  commit: string | null;
  /** null for a wasm_url (nothing was compiled). */
  language: Language | null;
  buildMs: number;
}

const SKIP_IN_LOCAL_COPY = new Set(['.git', 'node_modules', 'target']);

export async function compileSource(source: CompileInput, options: CompileOptions): Promise<CompileResult> {
  const started = performance.now();
  const signal = withTimeout(options.signal, options.timeoutMs);
  const deadline = Date.now() + options.timeoutMs;
  const remaining = (): number => Math.max(1, deadline - Date.now());
  const maxOutputBytes = options.maxOutputBytes ?? 64 * 1024 * 1024;
  const maxSourceBytes = options.maxSourceBytes ?? 200 * 1024 * 1024;
  const finish = (wasm: Uint8Array, target: BuildTarget, commit: string | null, language: Language | null): CompileResult => {
    options.onProgress?.('done');
    const sha256 = parseSha256Hex(createHash('sha256').update(wasm).digest('hex'));
    return { wasm, sha256, target, commit, language, buildMs: Math.round(performance.now() - started) };
  };
  options.onProgress?.('fetching');
  if (source.kind === 'wasm_url') {
    const wasm = await fetchWasmUrl(source.url, source.sha256, { signal, timeoutMs: remaining(), maxBytes: maxOutputBytes });
    options.onProgress?.('validating');
    const target: BuildTarget = wasmKind(wasm) === 'component' ? 'wasm32-wasip2' : 'wasm32-wasip1';
    await validateOutput(wasm, target, maxOutputBytes);
    return finish(wasm, target, null, null);
  }
  // Owned by this process: if it dies mid-build, the next worker start deletes it (sweepStaleBuildDirs).
  const scratch = await createBuildDir(options.workDir);
  try {
    const treeDir = path.join(scratch, 'src');
    let commit: string | null = null;
    if (source.kind === 'git') {
      const pinned = await pinCommit(source.repo, source.commit, { signal, timeoutMs: remaining() });
      commit = pinned;
      await fetchGitSource(source.repo, pinned, treeDir, { signal, timeoutMs: remaining(), maxBytes: maxSourceBytes });
    } else {
      await cp(source.path, treeDir, {
        recursive: true,
        verbatimSymlinks: true,
        filter: (src) => src === source.path || !SKIP_IN_LOCAL_COPY.has(path.basename(src)),
      });
      await checkTree(treeDir, { maxBytes: maxSourceBytes, maxFiles: 50_000 });
    }
    await openPermissions(treeDir);
    throwIfAborted(signal, 'compile', options.timeoutMs);
    const { sandbox } = options;
    const builder: TreeBuilder = options.treeBuilder ?? (sandbox ? (dir, o) => buildTree(dir, { ...o, sandbox }) : noBuilder);
    const built = await builder(treeDir, {
      outputDir: path.join(scratch, 'out'),
      target: source.target,
      language: options.language,
      subdir: source.kind === 'git' ? source.path : source.subdir,
      wallMs: remaining(),
      limits: options.limits,
      maxOutputBytes,
      maxLogBytes: options.maxLogBytes ?? 256 * 1024,
      signal: options.signal,
      onLog: options.onLog,
      onPhase: options.onProgress,
    });
    return finish(built.wasm, built.target, commit, built.language);
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

const noBuilder: TreeBuilder = () => {
  throw new ErrandError('COMMON__INVALID_ARGUMENT', 'compileSource needs a sandbox or a tree builder', { field: 'sandbox' });
};
