/**
 * The guest's file descriptors: stdio (0 stdin, 1 stdout, 2 stderr), then the preopened
 * directories of the in-memory filesystem (3, 4, ...) and whatever the guest opens below them.
 * Descriptors can be closed and renumbered, and their flags/rights reduced, as POSIX programs
 * expect. The table holds at most MAX_FDS descriptors (MFILE past it), so opening files in a
 * loop cannot grow the thread's heap without bound.
 */
import { ALL_RIGHTS, Rights } from '../abi.ts';
import type { DirNode, FileNode } from '../fs/MemFs.ts';

export type StdioKind = 'stdin' | 'stdout' | 'stderr';

interface Common {
  rightsBase: bigint;
  rightsInheriting: bigint;
  flags: number;
}

export type StdioEntry = Common & { kind: StdioKind };
export type FileEntry = Common & { kind: 'file'; node: FileNode; offset: number };
export type DirEntry = Common & { kind: 'dir'; node: DirNode; preopen?: string };
export type FdEntry = StdioEntry | FileEntry | DirEntry;

const READ_RIGHTS = Rights.FD_READ | Rights.POLL_FD_READWRITE | Rights.FD_FILESTAT_GET | Rights.FD_FDSTAT_SET_FLAGS;
const WRITE_RIGHTS = Rights.FD_WRITE | Rights.POLL_FD_READWRITE | Rights.FD_FILESTAT_GET | Rights.FD_FDSTAT_SET_FLAGS;
export const MAX_FDS = 1024;

export class FdTable {
  private readonly entries = new Map<number, FdEntry>([
    [0, { kind: 'stdin', rightsBase: READ_RIGHTS, rightsInheriting: 0n, flags: 0 }],
    [1, { kind: 'stdout', rightsBase: WRITE_RIGHTS, rightsInheriting: 0n, flags: 0 }],
    [2, { kind: 'stderr', rightsBase: WRITE_RIGHTS, rightsInheriting: 0n, flags: 0 }],
  ]);

  constructor(preopens: { guestPath: string; root: DirNode }[] = []) {
    for (const p of preopens) this.add({ kind: 'dir', node: p.root, preopen: p.guestPath, rightsBase: ALL_RIGHTS, rightsInheriting: ALL_RIGHTS, flags: 0 });
  }

  get(fd: number): FdEntry | undefined {
    return this.entries.get(fd);
  }

  /** The lowest free descriptor now holds `entry`; undefined when the table is full. */
  add(entry: FdEntry): number | undefined {
    if (this.entries.size >= MAX_FDS) return undefined;
    let fd = 0;
    while (this.entries.has(fd)) fd++;
    this.entries.set(fd, entry);
    return fd;
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

export function isStdio(entry: FdEntry): entry is StdioEntry {
  return entry.kind === 'stdin' || entry.kind === 'stdout' || entry.kind === 'stderr';
}
