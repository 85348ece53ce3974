/**
 * Resolves a path below a source tree the way the kernel will (realpath: every symlink on the way,
 * `..` after a link taken from the link's target) and refuses it unless the result is the tree's
 * root or below it. A textual check is not enough: with `sub -> .`, `sub/sub/../..` reads as the
 * root but resolves two levels above it. Paths that do not resolve (dangling or looping links)
 * are refused too: nothing may depend on what a later file creation would make them point at.
 */
import { realpath } from 'node:fs/promises';
import path from 'node:path';
import { ErrandError } from '../../common/errors/index.ts';

/** The real path of `target` (absolute, below `root`); throws WORKER__SOURCE_UNSAFE_PATH. */
export async function resolveInsideTree(root: string, target: string): Promise<string> {
  const rel = path.relative(root, target) || '.';
  const realRoot = await realpath(root);
  let real: string;
  try {
    real = await realpath(target);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'unknown';
    throw unsafePath(rel, code === 'ELOOP' ? 'it resolves through a symlink loop' : `it does not resolve to an existing file (${code})`);
  }
  if (real !== realRoot && !real.startsWith(realRoot + path.sep)) throw unsafePath(rel, 'it resolves outside the source tree');
  return real;
}

export function unsafePath(rel: string, reason: string): ErrandError {
  return new ErrandError('WORKER__SOURCE_UNSAFE_PATH', `unsafe path in the source: ${rel}: ${reason}`, { path: rel, reason });
}
