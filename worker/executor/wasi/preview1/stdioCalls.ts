/**
 * Preview 1 descriptor calls on the stdio descriptors: read from the input buffer, capped writes,
 * fdstat/filestat, close/renumber, and the errno a character device answers for everything that
 * needs a seekable file or a directory (SPIPE, NOTDIR, INVAL).
 */
import { HOST_BYTE_FUEL } from '../../instrument/costModel.ts';
import { Errno } from '../errno.ts';
import { FDFLAGS_APPEND, Filetype, FILESTAT_SIZE, Rights } from '../abi.ts';
import type { Preview1Context } from './Preview1Context.ts';

type Call = (...args: never[]) => number;

export function stdioCalls(ctx: Preview1Context): Record<string, Call> {
  const { mem, fds, io } = ctx;
  /** Errno for an fd that must exist; SUCCESS when it does. */
  const exists = (fd: number): number => (fds.get(fd) ? Errno.SUCCESS : Errno.BADF);

  return {
    fd_read(fd: number, iovs: number, iovsLen: number, nreadPtr: number): number {
      const entry = fds.get(fd);
      if (!entry) return Errno.BADF;
      if (!(entry.rightsBase & Rights.FD_READ)) return Errno.BADF;
      const list = mem.iovecs(iovs, iovsLen);
      const wanted = list.reduce((n, iov) => n + iov.len, 0);
      io.meter.charge(Math.min(wanted, io.stdin.remaining) * HOST_BYTE_FUEL);
      let total = 0;
      for (const iov of list) {
        const target = mem.bytes(iov.ptr, iov.len);
        const chunk = io.stdin.read(iov.len);
        target.set(chunk);
        total += chunk.length;
        if (chunk.length < iov.len) break;
      }
      mem.u32(nreadPtr, total);
      return Errno.SUCCESS;
    },

    fd_write(fd: number, iovs: number, iovsLen: number, nwrittenPtr: number): number {
      const entry = fds.get(fd);
      if (!entry) return Errno.BADF;
      if (!(entry.rightsBase & Rights.FD_WRITE)) return Errno.BADF;
      const sink = entry.kind === 'stdout' ? io.stdout : io.stderr;
      const list = mem.iovecs(iovs, iovsLen);
      io.meter.charge(list.reduce((n, iov) => n + iov.len, 0) * HOST_BYTE_FUEL);
      let total = 0;
      for (const iov of list) {
        sink.write(mem.bytes(iov.ptr, iov.len));
        total += iov.len;
      }
      mem.u32(nwrittenPtr, total);
      return Errno.SUCCESS;
    },

    fd_fdstat_get(fd: number, ptr: number): number {
      const entry = fds.get(fd);
      if (!entry) return Errno.BADF;
      mem.bytes(ptr, 24).fill(0);
      mem.u8(ptr, Filetype.CHARACTER_DEVICE);
      mem.u16(ptr + 2, entry.flags);
      mem.u64(ptr + 8, entry.rightsBase);
      mem.u64(ptr + 16, entry.rightsInheriting);
      return Errno.SUCCESS;
    },

    fd_fdstat_set_flags(fd: number, flags: number): number {
      const entry = fds.get(fd);
      if (!entry) return Errno.BADF;
      if ((flags & ~FDFLAGS_APPEND) !== 0) return Errno.NOTSUP;
      entry.flags = flags;
      return Errno.SUCCESS;
    },

    fd_fdstat_set_rights(fd: number, base: bigint, inheriting: bigint): number {
      const entry = fds.get(fd);
      if (!entry) return Errno.BADF;
      // Rights may only shrink.
      if ((base & ~entry.rightsBase) !== 0n || (inheriting & ~entry.rightsInheriting) !== 0n) return Errno.NOTCAPABLE;
      entry.rightsBase = base;
      entry.rightsInheriting = inheriting;
      return Errno.SUCCESS;
    },

    fd_filestat_get(fd: number, ptr: number): number {
      if (!fds.get(fd)) return Errno.BADF;
      mem.bytes(ptr, FILESTAT_SIZE).fill(0);
      mem.u8(ptr + 16, Filetype.CHARACTER_DEVICE);
      mem.u64(ptr + 24, 1n);
      return Errno.SUCCESS;
    },

    fd_close(fd: number): number {
      return fds.close(fd) ? Errno.SUCCESS : Errno.BADF;
    },

    fd_renumber(from: number, to: number): number {
      return fds.renumber(from, to) ? Errno.SUCCESS : Errno.BADF;
    },

    fd_prestat_get: (): number => Errno.BADF,
    fd_prestat_dir_name: (): number => Errno.BADF,

    fd_seek: (fd: number): number => exists(fd) || Errno.SPIPE,
    fd_tell: (fd: number): number => exists(fd) || Errno.SPIPE,
    fd_pread: (fd: number): number => exists(fd) || Errno.SPIPE,
    fd_pwrite: (fd: number): number => exists(fd) || Errno.SPIPE,
    fd_advise: (fd: number): number => exists(fd) || Errno.SPIPE,
    fd_allocate: (fd: number): number => exists(fd) || Errno.SPIPE,
    fd_datasync: (fd: number): number => exists(fd) || Errno.INVAL,
    fd_sync: (fd: number): number => exists(fd) || Errno.INVAL,
    fd_filestat_set_size: (fd: number): number => exists(fd) || Errno.INVAL,
    fd_filestat_set_times: (fd: number): number => exists(fd) || Errno.NOTSUP,
    fd_readdir: (fd: number): number => exists(fd) || Errno.NOTDIR,
  };
}
