/**
 * The cache key of a request's source, or null when it cannot have one yet: a git source whose
 * revision is a branch or tag is pinned to a commit by a worker first (branch names are never cache
 * keys). Prebuilt wasm_url sources are keyed by their declared sha256.
 */
import { isCommitHash, sourceCacheKey } from '../../common/types/index.ts';
import type { ExecutionSource } from '../../common/types/index.ts';

export function requestSourceKey(source: ExecutionSource, pinnedCommit?: string | null): string | null {
  if (source.kind === 'wasm_url') return `wasm:${source.sha256}`;
  const commit = pinnedCommit ?? source.commit;
  if (!isCommitHash(commit)) return null;
  return sourceCacheKey({ ...source, commit });
}

export function isPinned(source: ExecutionSource): boolean {
  return source.kind === 'wasm_url' || isCommitHash(source.commit);
}
