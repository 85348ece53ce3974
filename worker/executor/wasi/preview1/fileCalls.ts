/**
 * Preview 1 descriptor calls on files and directories of the in-memory filesystem (MemFs). The
 * import object routes a call here when its descriptor is not stdio. Reads and writes charge
 * HOST_BYTE_FUEL per byte, listings HOST_DIRENT_FUEL per entry (on top of every call's fixed
 * price). Errno values follow wasmtime's behaviour for a regular file system.
 */
import { HOST_BYTE_FUEL, HOST_DIRENT_FUEL } from '../../instrument/costModel.ts';
import { DIRENT_SIZE, FDFLAGS_APPEND, Filetype, FILESTAT_SIZE, Fstflags, Rights, Whence } from '../abi.ts';
import { Errno, type ErrnoValue } from '../errno.ts';
import type { FsNode, MemFs } from '../fs/MemFs.ts';
import type { FdEntry, FileEntry } from './FdTable.ts';
import type { Preview1Context } from './Preview1Context.ts';

type Call = (...args: never[]) => number;
const encoder = new TextEncoder();

export function writeFilestat(ctx: Preview1Context, ptr: number, node: FsNode): void {
  const { mem } = ctx;
  mem.bytes(ptr, FILESTAT_SIZE).fill(0);
  mem.u64(ptr + 8, node.ino);
  mem.u8(ptr + 16, node.kind === 'dir' ? Filetype.DIRECTORY : Filetype.REGULAR_FILE);
  mem.u64(ptr + 24, node.kind === 'file' ? BigInt(node.nlink) : 1n);
  mem.u64(ptr + 32, node.kind === 'file' ? BigInt(node.size) : 0n);
  mem.u64(ptr + 40, node.times.atim);
  mem.u64(ptr + 48, node.times.mtim);
  mem.u64(ptr + 56, node.times.ctim);
}

/** Applies set_times flags to a node (shared by fd_ and path_filestat_set_times). */
export function setTimes(fs: MemFs, node: FsNode, atim: bigint, mtim: bigint, flags: number): ErrnoValue {
  if ((flags & Fstflags.ATIM && flags & Fstflags.ATIM_NOW) || (flags & Fstflags.MTIM && flags & Fstflags.MTIM_NOW)) return Errno.INVAL;
  if (flags & ~0xf) return Errno.INVAL;
  const now = flags & (Fstflags.ATIM_NOW | Fstflags.MTIM_NOW) ? fs.now() : 0n;
  const t = { ...node.times };
  if (flags & Fstflags.ATIM) t.atim = atim;
  if (flags & Fstflags.ATIM_NOW) t.atim = now;
  if (flags & Fstflags.MTIM) t.mtim = mtim;
  if (flags & Fstflags.MTIM_NOW) t.mtim = now;
  node.times = t;
  return Errno.SUCCESS;
}

export function fileCalls(ctx: Preview1Context, fs: MemFs): Record<string, Call> {
  const { mem, fds, io } = ctx;
  const file = (fd: number, right: bigint): FileEntry | ErrnoValue => {
    const e = fds.get(fd);
    if (!e) return Errno.BADF;
    if (e.kind === 'dir') return right === Rights.FD_READ || right === Rights.FD_WRITE ? Errno.ISDIR : Errno.BADF;
    if (e.kind !== 'file') return Errno.BADF;
    return (e.rightsBase & right) === right ? e : Errno.BADF;
  };

  const readInto = (e: FileEntry, iovs: number, iovsLen: number, at: number, nPtr: number): number => {
    const list = mem.iovecs(iovs, iovsLen);
    const wanted = list.reduce((n, v) => n + v.len, 0);
    io.meter.charge(Math.min(wanted, Math.max(0, e.node.size - at)) * HOST_BYTE_FUEL);
    let total = 0;
    for (const v of list) {
      const chunk = fs.read(e.node, at + total, v.len);
      mem.bytes(v.ptr, v.len).set(chunk);
      total += chunk.length;
      if (chunk.length < v.len) break;
    }
    mem.u32(nPtr, total);
    return total;
  };

  /** Bytes written (a short count when the cap stopped it part-way), or -1 when nothing fit (NOSPC). */
  const writeFrom = (e: FileEntry, iovs: number, iovsLen: number, at: number, nPtr: number): number => {
    const list = mem.iovecs(iovs, iovsLen);
    io.meter.charge(list.reduce((n, v) => n + v.len, 0) * HOST_BYTE_FUEL);
    let total = 0;
    for (const v of list) {
      if (!fs.write(e.node, at + total, mem.bytes(v.ptr, v.len))) {
        if (total === 0) return -1;
        break;
      }
      total += v.len;
    }
    mem.u32(nPtr, total);
    return total;
  };

  const entryFiletype = (e: FdEntry): number => (e.kind === 'dir' ? Filetype.DIRECTORY : Filetype.REGULAR_FILE);

  return {
    fd_read(fd: number, iovs: number, iovsLen: number, nPtr: number): number {
      const e = file(fd, Rights.FD_READ);
      if (typeof e === 'number') return e;
      e.offset += readInto(e, iovs, iovsLen, e.offset, nPtr);
      return Errno.SUCCESS;
    },
    fd_pread(fd: number, iovs: number, iovsLen: number, offset: bigint, nPtr: number): number {
      const e = file(fd, Rights.FD_READ);
      if (typeof e === 'number') return e;
      if (offset > BigInt(Number.MAX_SAFE_INTEGER)) return Errno.INVAL;
      readInto(e, iovs, iovsLen, Number(offset), nPtr);
      return Errno.SUCCESS;
    },
    fd_write(fd: number, iovs: number, iovsLen: number, nPtr: number): number {
      const e = file(fd, Rights.FD_WRITE);
      if (typeof e === 'number') return e;
      if (e.flags & FDFLAGS_APPEND) e.offset = e.node.size;
      const n = writeFrom(e, iovs, iovsLen, e.offset, nPtr);
      if (n < 0) return Errno.NOSPC;
      e.offset += n;
      return Errno.SUCCESS;
    },
    fd_pwrite(fd: number, iovs: number, iovsLen: number, offset: bigint, nPtr: number): number {
      const e = file(fd, Rights.FD_WRITE);
      if (typeof e === 'number') return e;
      if (offset > BigInt(Number.MAX_SAFE_INTEGER)) return Errno.INVAL;
      return writeFrom(e, iovs, iovsLen, Number(offset), nPtr) < 0 ? Errno.NOSPC : Errno.SUCCESS;
    },
    fd_seek(fd: number, offset: bigint, whence: number, newPtr: number): number {
      const e = file(fd, 0n);
      if (typeof e === 'number') return e;
      const base = whence === Whence.SET ? 0n : whence === Whence.CUR ? BigInt(e.offset) : whence === Whence.END ? BigInt(e.node.size) : -1n;
      if (base < 0n) return Errno.INVAL;
      const next = base + offset;
      if (next < 0n || next > BigInt(Number.MAX_SAFE_INTEGER)) return Errno.INVAL;
      e.offset = Number(next);
      mem.u64(newPtr, next);
      return Errno.SUCCESS;
    },
    fd_tell(fd: number, ptr: number): number {
      const e = file(fd, 0n);
      if (typeof e === 'number') return e;
      mem.u64(ptr, BigInt(e.offset));
      return Errno.SUCCESS;
    },
    fd_fdstat_get(fd: number, ptr: number): number {
      const e = fds.get(fd)!;
      mem.bytes(ptr, 24).fill(0);
      mem.u8(ptr, entryFiletype(e));
      mem.u16(ptr + 2, e.flags);
      mem.u64(ptr + 8, e.rightsBase);
      mem.u64(ptr + 16, e.rightsInheriting);
      return Errno.SUCCESS;
    },
    fd_fdstat_set_flags(fd: number, flags: number): number {
      const e = fds.get(fd)!;
      if ((flags & ~FDFLAGS_APPEND) !== 0) return Errno.NOTSUP;
      e.flags = flags;
      return Errno.SUCCESS;
    },
    fd_filestat_get(fd: number, ptr: number): number {
      writeFilestat(ctx, ptr, (fds.get(fd) as Exclude<FdEntry, { kind: 'stdin' | 'stdout' | 'stderr' }>).node);
      return Errno.SUCCESS;
    },
    fd_filestat_set_size(fd: number, size: bigint): number {
      const e = file(fd, Rights.FD_WRITE);
      if (typeof e === 'number') return e === Errno.ISDIR ? Errno.BADF : e;
      if (size > BigInt(Number.MAX_SAFE_INTEGER)) return Errno.INVAL;
      return fs.resize(e.node, Number(size)) ? Errno.SUCCESS : Errno.NOSPC;
    },
    fd_filestat_set_times(fd: number, atim: bigint, mtim: bigint, flags: number): number {
      const e = fds.get(fd) as Exclude<FdEntry, { kind: 'stdin' | 'stdout' | 'stderr' }>;
      return setTimes(fs, e.node, atim, mtim, flags);
    },
    fd_allocate(fd: number, offset: bigint, len: bigint): number {
      const e = file(fd, Rights.FD_WRITE);
      if (typeof e === 'number') return e === Errno.ISDIR ? Errno.BADF : e;
      const end = offset + len;
      if (end > BigInt(Number.MAX_SAFE_INTEGER)) return Errno.FBIG;
      if (Number(end) <= e.node.size) return Errno.SUCCESS;
      return fs.resize(e.node, Number(end)) ? Errno.SUCCESS : Errno.NOSPC;
    },
    fd_advise: (): number => Errno.SUCCESS,
    fd_sync: (): number => Errno.SUCCESS,
    fd_datasync: (): number => Errno.SUCCESS,

    fd_readdir(fd: number, buf: number, bufLen: number, cookie: bigint, usedPtr: number): number {
      const e = fds.get(fd)!;
      if (e.kind !== 'dir') return Errno.NOTDIR;
      const dir = e.node;
      const names = [...dir.entries.keys()].sort();
      const list: [string, FsNode][] = [['.', dir], ['..', dir.parent ?? dir], ...names.map((n): [string, FsNode] => [n, dir.entries.get(n)!])];
      const start = cookie > BigInt(list.length) ? list.length : Number(cookie);
      io.meter.charge((list.length - start) * HOST_DIRENT_FUEL);
      const out = mem.bytes(buf, bufLen);
      const header = new DataView(new ArrayBuffer(DIRENT_SIZE));
      let used = 0;
      for (let i = start; i < list.length && used < bufLen; i++) {
        const [name, node] = list[i]!;
        const nameBytes = encoder.encode(name);
        header.setBigUint64(0, BigInt(i + 1), true);
        header.setBigUint64(8, node.ino, true);
        header.setUint32(16, nameBytes.length, true);
        header.setUint8(20, node.kind === 'dir' ? Filetype.DIRECTORY : Filetype.REGULAR_FILE);
        const entry = new Uint8Array(DIRENT_SIZE + nameBytes.length);
        entry.set(new Uint8Array(header.buffer));
        entry.set(nameBytes, DIRENT_SIZE);
        const take = Math.min(entry.length, bufLen - used);
        out.set(entry.subarray(0, take), used);
        used += take;
      }
      mem.u32(usedPtr, used);
      return Errno.SUCCESS;
    },

    fd_prestat_get(fd: number, ptr: number): number {
      const e = fds.get(fd)!;
      if (e.kind !== 'dir' || e.preopen === undefined) return Errno.BADF;
      mem.u32(ptr, 0);
      mem.u32(ptr + 4, encoder.encode(e.preopen).length);
      return Errno.SUCCESS;
    },
    fd_prestat_dir_name(fd: number, ptr: number, len: number): number {
      const e = fds.get(fd)!;
      if (e.kind !== 'dir' || e.preopen === undefined) return Errno.BADF;
      const name = encoder.encode(e.preopen);
      if (len < name.length) return Errno.NAMETOOLONG;
      mem.bytes(ptr, name.length).set(name);
      return Errno.SUCCESS;
    },
  };
}
