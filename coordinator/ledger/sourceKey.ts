/**
 * The cache key of a request's source, or null when it cannot have one yet: a git source whose
 * revision is a branch or tag is pinned to a commit by a worker first (branch names are never cache
 * keys). Prebuilt wasm_url sources are keyed by their declared sha256.
 */
import { sourceCacheKey } from '../../common/types/index.ts';
import type { ExecutionSource } from '../../common/types/index.ts';

export function requestSourceKey(source: ExecutionSource, pinnedCommit?: string | null): string | null {
  return sourceCacheKey(source.kind === 'git' && pinnedCommit ? { ...source, commit: pinnedCommit } : source);
}
