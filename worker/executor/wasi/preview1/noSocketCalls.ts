/**
 * Preview 1 socket calls and proc_raise. The executor provides no network, so no descriptor is a
 * socket (NOTSOCK, or BADF for one that does not exist); proc_raise is not provided by modern
 * runtimes either (NOSYS). None of these trap.
 */
import { Errno } from '../errno.ts';
import type { FdTable } from './FdTable.ts';

type Call = (...args: never[]) => number;

export function noSocketCalls(fds: FdTable): Record<string, Call> {
  const sock = (fd: number): number => (fds.get(fd) ? Errno.NOTSOCK : Errno.BADF);
  return {
    sock_accept: (fd: number) => sock(fd),
    sock_recv: (fd: number) => sock(fd),
    sock_send: (fd: number) => sock(fd),
    sock_shutdown: (fd: number) => sock(fd),
    proc_raise: () => Errno.NOSYS,
  };
}
