/**
 * Preview 1 path calls on the in-memory filesystem: open, mkdir, rmdir, unlink, rename, link,
 * stat and set-times, each relative to a directory descriptor (resolvePath: no absolute paths, no
 * `..` above the descriptor). Symbolic links are refused by design (path_symlink answers NOTSUP:
 * a link could only point inside the same in-memory tree, and no program the executor targets
 * needs one); path_readlink therefore answers INVAL for anything that exists. A directory
 * descriptor that is stdio is NOTDIR, one that does not exist BADF.
 */
import { HOST_BYTE_FUEL } from '../../instrument/costModel.ts';
import { FDFLAGS_APPEND, Oflags, Rights } from '../abi.ts';
import { Errno, type ErrnoValue } from '../errno.ts';
import type { DirNode, MemFs } from '../fs/MemFs.ts';
import { resolvePath, type Resolved } from '../fs/resolvePath.ts';
import { setTimes, writeFilestat } from './fileCalls.ts';
import type { Preview1Context } from './Preview1Context.ts';

type Call = (...args: never[]) => number;
const decoder = new TextDecoder('utf-8', { fatal: true });

/** Is `node` `dir` or one of its ancestors? (a directory cannot move into itself) */
function isAncestor(node: DirNode, dir: DirNode): boolean {
  for (let d: DirNode | undefined = dir; d; d = d.parent) if (d === node) return true;
  return false;
}

export function pathCalls(ctx: Preview1Context, fs: MemFs): Record<string, Call> {
  const { mem, fds, io } = ctx;

  const dirOf = (fd: number): DirNode | ErrnoValue => {
    const e = fds.get(fd);
    if (!e) return Errno.BADF;
    return e.kind === 'dir' ? e.node : Errno.NOTDIR;
  };
  const resolve = (fd: number, ptr: number, len: number): Resolved | ErrnoValue => {
    const dir = dirOf(fd);
    if (typeof dir === 'number') return dir;
    io.meter.charge(len * HOST_BYTE_FUEL);
    let path: string;
    try {
      path = decoder.decode(mem.bytes(ptr, len));
    } catch {
      return Errno.INVAL;
    }
    return resolvePath(dir, path);
  };

  return {
    path_open(fd: number, _dirflags: number, ptr: number, len: number, oflags: number, base: bigint, inheriting: bigint, fdflags: number, fdPtr: number): number {
      const r = resolve(fd, ptr, len);
      if (typeof r === 'number') return r;
      let node = r.node;
      if (node && oflags & Oflags.CREAT && oflags & Oflags.EXCL) return Errno.EXIST;
      if (!node) {
        if (!(oflags & Oflags.CREAT)) return Errno.NOENT;
        if (oflags & Oflags.DIRECTORY || r.trailingSlash) return Errno.INVAL;
        node = fs.create(r.parent, r.name, 'file');
        if (!node) return Errno.NOSPC;
      }
      const wantsWrite = (base & Rights.FD_WRITE) !== 0n;
      if (node.kind === 'dir') {
        if (oflags & Oflags.TRUNC || wantsWrite) return Errno.ISDIR;
      } else {
        if (oflags & Oflags.DIRECTORY) return Errno.NOTDIR;
        if (oflags & Oflags.TRUNC && !fs.resize(node, 0)) return Errno.NOSPC;
      }
      const entry =
        node.kind === 'dir'
          ? { kind: 'dir' as const, node, rightsBase: base, rightsInheriting: inheriting, flags: 0 }
          : { kind: 'file' as const, node, offset: 0, rightsBase: base, rightsInheriting: inheriting, flags: fdflags & FDFLAGS_APPEND };
      const newFd = fds.add(entry);
      if (newFd === undefined) return Errno.MFILE;
      mem.u32(fdPtr, newFd);
      return Errno.SUCCESS;
    },

    path_create_directory(fd: number, ptr: number, len: number): number {
      const r = resolve(fd, ptr, len);
      if (typeof r === 'number') return r;
      if (r.node) return Errno.EXIST;
      return fs.create(r.parent, r.name, 'dir') ? Errno.SUCCESS : Errno.NOSPC;
    },

    path_remove_directory(fd: number, ptr: number, len: number): number {
      const r = resolve(fd, ptr, len);
      if (typeof r === 'number') return r;
      if (!r.node) return Errno.NOENT;
      if (r.node.kind !== 'dir') return Errno.NOTDIR;
      if (r.name === '.') return Errno.INVAL;
      if (r.node.entries.size > 0) return Errno.NOTEMPTY;
      fs.remove(r.parent, r.name);
      return Errno.SUCCESS;
    },

    path_unlink_file(fd: number, ptr: number, len: number): number {
      const r = resolve(fd, ptr, len);
      if (typeof r === 'number') return r;
      if (!r.node) return Errno.NOENT;
      if (r.node.kind === 'dir') return Errno.ISDIR;
      fs.remove(r.parent, r.name);
      return Errno.SUCCESS;
    },

    path_rename(fd: number, oldPtr: number, oldLen: number, newFd: number, newPtr: number, newLen: number): number {
      const from = resolve(fd, oldPtr, oldLen);
      if (typeof from === 'number') return from;
      const to = resolve(newFd, newPtr, newLen);
      if (typeof to === 'number') return to;
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
    },

    path_link(fd: number, _flags: number, oldPtr: number, oldLen: number, newFd: number, newPtr: number, newLen: number): number {
      const from = resolve(fd, oldPtr, oldLen);
      if (typeof from === 'number') return from;
      const to = resolve(newFd, newPtr, newLen);
      if (typeof to === 'number') return to;
      if (!from.node) return Errno.NOENT;
      if (from.node.kind === 'dir') return Errno.PERM;
      if (to.node) return Errno.EXIST;
      if (to.trailingSlash) return Errno.NOENT;
      if (!fs.reserve(Buffer.byteLength(to.name))) return Errno.NOSPC;
      to.parent.entries.set(to.name, from.node);
      from.node.nlink++;
      fs.touch(to.parent);
      return Errno.SUCCESS;
    },

    path_symlink(_oldPtr: number, _oldLen: number, fd: number): number {
      const dir = dirOf(fd);
      return typeof dir === 'number' ? dir : Errno.NOTSUP;
    },

    path_readlink(fd: number, ptr: number, len: number): number {
      const r = resolve(fd, ptr, len);
      if (typeof r === 'number') return r;
      return r.node ? Errno.INVAL : Errno.NOENT;
    },

    path_filestat_get(fd: number, _flags: number, ptr: number, len: number, buf: number): number {
      const r = resolve(fd, ptr, len);
      if (typeof r === 'number') return r;
      if (!r.node) return Errno.NOENT;
      writeFilestat(ctx, buf, r.node);
      return Errno.SUCCESS;
    },

    path_filestat_set_times(fd: number, _flags: number, ptr: number, len: number, atim: bigint, mtim: bigint, fst: number): number {
      const r = resolve(fd, ptr, len);
      if (typeof r === 'number') return r;
      if (!r.node) return Errno.NOENT;
      return setTimes(fs, r.node, atim, mtim, fst);
    },
  };
}
