/**
 * Path operations of the in-memory filesystem that both WASI hosts share, on already resolved
 * paths (resolvePath.ts): open, rename and hard link, with the errno each case answers.
 */
import { Errno, type ErrnoValue } from '../errno.ts';
import type { DirNode, FsNode, MemFs } from './MemFs.ts';
import type { Resolved } from './resolvePath.ts';

/** Is `node` `dir` or one of its ancestors? (a directory cannot move into itself) */
function isAncestor(node: DirNode, dir: DirNode): boolean {
  for (let d: DirNode | undefined = dir; d; d = d.parent) if (d === node) return true;
  return false;
}

export interface OpenFlags {
  create: boolean;
  exclusive: boolean;
  directory: boolean;
  truncate: boolean;
  write: boolean;
}

/** The node `open` yields (created when asked), or the errno that refuses it. */
export function openNode(fs: MemFs, r: Resolved, o: OpenFlags): FsNode | ErrnoValue {
  let node = r.node;
  if (node && o.create && o.exclusive) return Errno.EXIST;
  if (!node) {
    if (!o.create) return Errno.NOENT;
    if (o.directory || r.trailingSlash) return Errno.INVAL;
    node = fs.create(r.parent, r.name, 'file');
    if (!node) return Errno.NOSPC;
  }
  if (node.kind === 'dir') {
    if (o.truncate || o.write) return Errno.ISDIR;
  } else {
    if (o.directory) return Errno.NOTDIR;
    if (o.truncate && !fs.resize(node, 0)) return Errno.NOSPC;
  }
  return node;
}

export function renameNode(fs: MemFs, from: Resolved, to: Resolved): ErrnoValue {
  const node = from.node;
  if (!node) return Errno.NOENT;
  if (from.name === '.' || to.name === '.') return Errno.INVAL;
  if (node.kind === 'dir' && isAncestor(node, to.parent)) return Errno.INVAL;
  if (node.kind === 'file' && (from.trailingSlash || to.trailingSlash)) return Errno.NOTDIR;
  const target = to.node;
  if (target === node) return Errno.SUCCESS;
  if (target) {
    if (node.kind === 'dir' && target.kind !== 'dir') return Errno.NOTDIR;
    if (node.kind === 'file' && target.kind === 'dir') return Errno.ISDIR;
    if (target.kind === 'dir' && target.entries.size > 0) return Errno.NOTEMPTY;
    fs.remove(to.parent, to.name);
  }
  const nameCost = Buffer.byteLength(to.name) - Buffer.byteLength(from.name);
  if (nameCost > 0 && !fs.reserve(nameCost)) return Errno.NOSPC;
  if (nameCost < 0) fs.release(-nameCost);
  from.parent.entries.delete(from.name);
  to.parent.entries.set(to.name, node);
  if (node.kind === 'dir') node.parent = to.parent;
  fs.touch(from.parent);
  fs.touch(to.parent);
  return Errno.SUCCESS;
}

export function linkNode(fs: MemFs, from: Resolved, to: Resolved): ErrnoValue {
  if (!from.node) return Errno.NOENT;
  if (from.node.kind === 'dir') return Errno.PERM;
  if (to.node) return Errno.EXIST;
  if (to.trailingSlash) return Errno.NOENT;
  if (!fs.reserve(Buffer.byteLength(to.name))) return Errno.NOSPC;
  to.parent.entries.set(to.name, from.node);
  from.node.nlink++;
  fs.touch(to.parent);
  return Errno.SUCCESS;
}

export function removeDirectory(fs: MemFs, r: Resolved): ErrnoValue {
  if (!r.node) return Errno.NOENT;
  if (r.node.kind !== 'dir') return Errno.NOTDIR;
  if (r.name === '.') return Errno.INVAL;
  if (r.node.entries.size > 0) return Errno.NOTEMPTY;
  fs.remove(r.parent, r.name);
  return Errno.SUCCESS;
}

export function unlinkFile(fs: MemFs, r: Resolved): ErrnoValue {
  if (!r.node) return Errno.NOENT;
  if (r.node.kind === 'dir') return Errno.ISDIR;
  fs.remove(r.parent, r.name);
  return Errno.SUCCESS;
}
