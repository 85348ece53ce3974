/**
 * The guest's file descriptors: only stdio (0 stdin, 1 stdout, 2 stderr) exists, there are no
 * preopened directories and no way to open anything. Descriptors can still be closed and
 * renumbered, and their flags/rights reduced, as POSIX programs expect.
 */
import { Rights } from '../abi.ts';

export type StdioKind = 'stdin' | 'stdout' | 'stderr';

export interface FdEntry {
  kind: StdioKind;
  rightsBase: bigint;
  rightsInheriting: bigint;
  flags: number;
}

const READ_RIGHTS = Rights.FD_READ | Rights.POLL_FD_READWRITE | Rights.FD_FILESTAT_GET | Rights.FD_FDSTAT_SET_FLAGS;
const WRITE_RIGHTS = Rights.FD_WRITE | Rights.POLL_FD_READWRITE | Rights.FD_FILESTAT_GET | Rights.FD_FDSTAT_SET_FLAGS;

export class FdTable {
  private readonly entries = new Map<number, FdEntry>([
    [0, { kind: 'stdin', rightsBase: READ_RIGHTS, rightsInheriting: 0n, flags: 0 }],
    [1, { kind: 'stdout', rightsBase: WRITE_RIGHTS, rightsInheriting: 0n, flags: 0 }],
    [2, { kind: 'stderr', rightsBase: WRITE_RIGHTS, rightsInheriting: 0n, flags: 0 }],
  ]);

  get(fd: number): FdEntry | undefined {
    return this.entries.get(fd);
  }

  close(fd: number): boolean {
    return this.entries.delete(fd);
  }

  /** Moves `from` onto `to` (closing what was at `to`), like dup2 + close. */
  renumber(from: number, to: number): boolean {
    const entry = this.entries.get(from);
    if (!entry || !this.entries.has(to)) return false;
    this.entries.delete(from);
    this.entries.set(to, entry);
    return true;
  }
}
