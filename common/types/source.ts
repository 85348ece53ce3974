/**
 * What a request asks to run. A git source names a repository, a revision and Errand's own build
 * target; the revision may be a branch or tag when requested, and is pinned to a commit hash by the
 * worker before anything is cached (branch names are never cache keys). A wasm_url source is a
 * prebuilt module checked against its sha256.
 */
import { isCommitHash, type Sha256Hex } from './brand.ts';

/** Errand's target names, whatever a toolchain calls them (rustc 1.63 says `wasm32-wasi`). */
export const BUILD_TARGETS = ['wasm32-wasip1', 'wasm32-wasip2'] as const;
export type BuildTarget = (typeof BUILD_TARGETS)[number];

export interface GitSource {
  kind: 'git';
  /** Any git URL: https://, ssh, or file:// (tests, local development). */
  repo: string;
  /** A commit hash, or a branch/tag to be pinned. */
  commit: string;
  target: BuildTarget;
  /** Sub-directory of the repository holding the program, if not the root. */
  path?: string;
}

export interface WasmUrlSource {
  kind: 'wasm_url';
  url: string;
  sha256: Sha256Hex;
}

export type ExecutionSource = GitSource | WasmUrlSource;

/**
 * The module cache key of a source: a git source at a commit hash, or a prebuilt module by its
 * declared sha256. Null for a git source that names a branch or tag: a branch name is never a cache
 * key (someone pins it to a commit first). The one derivation the coordinator
 * (ledger/sourceKey.ts) and workers (loop/ModuleBuilder.ts) share, so their keys always agree.
 */
export function sourceCacheKey(source: ExecutionSource): string | null {
  if (source.kind === 'wasm_url') return `wasm:${source.sha256}`;
  if (!isCommitHash(source.commit)) return null;
  return `git:${source.repo}#${source.commit}:${source.path ?? ''}:${source.target}`;
}

/** A source on the running host's own disk (`file://`): for development only. The coordinator
 * rejects such chain requests outside development mode, and workers refuse them again. */
export function isFileSource(source: ExecutionSource): boolean {
  const where = source.kind === 'git' ? source.repo : source.url;
  return /^file:/i.test(where.trim());
}
