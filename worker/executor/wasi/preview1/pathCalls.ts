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
import { linkNode, openNode, removeDirectory, renameNode, unlinkFile } from '../fs/pathOps.ts';
import { resolvePath, type Resolved } from '../fs/resolvePath.ts';
import { setTimes, writeFilestat } from './fileCalls.ts';
import type { Preview1Context } from './Preview1Context.ts';

type Call = (...args: never[]) => number;
const decoder = new TextDecoder('utf-8', { fatal: true });

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
    path_open(
      fd: number,
      _dirflags: number,
      ptr: number,
      len: number,
      oflags: number,
      base: bigint,
      inheriting: bigint,
      fdflags: number,
      fdPtr: number,
    ): number {
      const r = resolve(fd, ptr, len);
      if (typeof r === 'number') return r;
      const flags = {
        create: (oflags & Oflags.CREAT) !== 0,
        exclusive: (oflags & Oflags.EXCL) !== 0,
        directory: (oflags & Oflags.DIRECTORY) !== 0,
        truncate: (oflags & Oflags.TRUNC) !== 0,
        write: (base & Rights.FD_WRITE) !== 0n,
      };
      const node = openNode(fs, r, flags);
      if (typeof node === 'number') return node;
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
      return typeof r === 'number' ? r : removeDirectory(fs, r);
    },

    path_unlink_file(fd: number, ptr: number, len: number): number {
      const r = resolve(fd, ptr, len);
      return typeof r === 'number' ? r : unlinkFile(fs, r);
    },

    path_rename(fd: number, oldPtr: number, oldLen: number, newFd: number, newPtr: number, newLen: number): number {
      const from = resolve(fd, oldPtr, oldLen);
      if (typeof from === 'number') return from;
      const to = resolve(newFd, newPtr, newLen);
      return typeof to === 'number' ? to : renameNode(fs, from, to);
    },

    path_link(fd: number, _flags: number, oldPtr: number, oldLen: number, newFd: number, newPtr: number, newLen: number): number {
      const from = resolve(fd, oldPtr, oldLen);
      if (typeof from === 'number') return from;
      const to = resolve(newFd, newPtr, newLen);
      return typeof to === 'number' ? to : linkNode(fs, from, to);
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
