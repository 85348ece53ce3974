/**
 * What the job loop needs from the compile path (worker/compile): pin a source to an immutable
 * revision, and build a pinned source into a module. The cache key is derived from the pinned
 * source only, so a branch name never becomes a cache key.
 */
import type { BuildTarget, ExecutionSource, Sha256Hex } from '../../common/types/index.ts';
import { sourceCacheKey } from '../../common/types/index.ts';
import { ErrandError } from '../../common/errors/index.ts';

export interface BuiltModule {
  wasm: Uint8Array;
  sha256: Sha256Hex;
  /** The commit the module was built from ('' for a wasm_url source). */
  commit: string;
  buildMs: number;
}

/** What a builder can build, as a worker advertises it in its heartbeat capabilities. */
export interface BuildCapabilities {
  /** Whether builds run in the OS sandbox (false: the dev-only npm compilers, worker/compile/npm/). */
  sandbox: boolean;
  languages: string[];
  targets: BuildTarget[];
}

export interface ModuleBuilder {
  /** Advertised to the coordinator at start (startWorker); absent: not advertised. */
  readonly capabilities?: BuildCapabilities;
  /** Resolves a git branch or tag to its commit hash; other sources are returned as they are. */
  pin(source: ExecutionSource, signal: AbortSignal): Promise<ExecutionSource>;
  build(pinned: ExecutionSource, options: { signal: AbortSignal; timeoutMs: number; onLog: (text: string) => void }): Promise<BuiltModule>;
}

/** The coordinator's cache key for a pinned source (the same sourceCacheKey it uses). */
export function pinnedSourceKey(pinned: ExecutionSource): string {
  const key = sourceCacheKey(pinned);
  if (key !== null) return key;
  // Only a git source naming a branch has no key: pin() must have resolved it to a commit.
  const git = pinned as Extract<ExecutionSource, { kind: 'git' }>;
  throw new ErrandError('WORKER__SOURCE_REF_NOT_FOUND', `${git.commit} was not pinned to a commit hash`, { repo: git.repo, ref: git.commit });
}
