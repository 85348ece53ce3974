/**
 * Preview 1 path and socket calls. There are no preopened directories, so every directory
 * descriptor a guest can name is either a stdio descriptor (not a directory: NOTDIR) or does not
 * exist (BADF); likewise stdio descriptors are not sockets (NOTSOCK). proc_raise is not provided
 * by modern runtimes either (NOSYS). None of these trap.
 */
import { Errno } from '../errno.ts';
import type { FdTable } from './FdTable.ts';

type Call = (...args: never[]) => number;

export function noFilesystemCalls(fds: FdTable): Record<string, Call> {
  const dir = (fd: number): number => (fds.get(fd) ? Errno.NOTDIR : Errno.BADF);
  const twoDirs = (a: number, b: number): number => dir(a) || dir(b);
  const sock = (fd: number): number => (fds.get(fd) ? Errno.NOTSOCK : Errno.BADF);

  return {
    path_create_directory: (fd: number) => dir(fd),
    path_filestat_get: (fd: number) => dir(fd),
    path_filestat_set_times: (fd: number) => dir(fd),
    path_link: (oldFd: number, _f: number, _p: number, _l: number, newFd: number) => twoDirs(oldFd, newFd),
    path_open: (fd: number) => dir(fd),
    path_readlink: (fd: number) => dir(fd),
    path_remove_directory: (fd: number) => dir(fd),
    path_rename: (fd: number, _p: number, _l: number, newFd: number) => twoDirs(fd, newFd),
    path_symlink: (_p: number, _l: number, fd: number) => dir(fd),
    path_unlink_file: (fd: number) => dir(fd),
    sock_accept: (fd: number) => sock(fd),
    sock_recv: (fd: number) => sock(fd),
    sock_send: (fd: number) => sock(fd),
    sock_shutdown: (fd: number) => sock(fd),
    proc_raise: () => Errno.NOSYS,
  };
}
