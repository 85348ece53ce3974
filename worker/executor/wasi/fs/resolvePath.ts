/**
 * Resolves a guest path relative to a directory descriptor, capability style: absolute paths and
 * `..` above the descriptor's own directory are NOTCAPABLE (a run only reaches what it was given),
 * a missing intermediate directory is NOENT, a file used as a directory NOTDIR. There are no
 * symbolic links, so resolution never loops.
 */
import { Errno, type ErrnoValue } from '../errno.ts';
import type { DirNode, FsNode } from './MemFs.ts';

export interface Resolved {
  /** The directory that holds (or would hold) the last component. */
  parent: DirNode;
  /** The last component ('.' when the path names the directory itself). */
  name: string;
  node: FsNode | undefined;
  /** The path ended with '/': the node must be a directory. */
  trailingSlash: boolean;
}

const MAX_PATH_BYTES = 4096;

export function resolvePath(base: DirNode, path: string): Resolved | ErrnoValue {
  if (path.length === 0) return Errno.NOENT;
  if (path.length > MAX_PATH_BYTES) return Errno.NAMETOOLONG;
  if (path.startsWith('/')) return Errno.NOTCAPABLE;
  if (path.includes('\0')) return Errno.INVAL;
  const trailingSlash = path.endsWith('/');
  const parts = path.split('/').filter((p) => p !== '' && p !== '.');
  let dir = base;
  let depth = 0;
  for (let i = 0; i < parts.length - 1; i++) {
    const part = parts[i]!;
    if (part === '..') {
      if (depth === 0 || !dir.parent) return Errno.NOTCAPABLE;
      dir = dir.parent;
      depth--;
      continue;
    }
    const next = dir.entries.get(part);
    if (!next) return Errno.NOENT;
    if (next.kind !== 'dir') return Errno.NOTDIR;
    dir = next;
    depth++;
  }
  const last = parts[parts.length - 1];
  if (last === undefined) return { parent: dir, name: '.', node: dir, trailingSlash };
  if (last === '..') {
    if (depth === 0 || !dir.parent) return Errno.NOTCAPABLE;
    return { parent: dir.parent, name: '.', node: dir.parent, trailingSlash };
  }
  const node = dir.entries.get(last);
  if (node && node.kind !== 'dir' && trailingSlash) return Errno.NOTDIR;
  return { parent: dir, name: last, node, trailingSlash };
}
