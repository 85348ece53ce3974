/**
 * WASI preview 1 ABI constants: file types, rights, clock ids, event types, struct sizes.
 * Values come from the wasi_snapshot_preview1 witx; they are the wire format, never renumber.
 */
export const Filetype = { UNKNOWN: 0, CHARACTER_DEVICE: 2, DIRECTORY: 3, REGULAR_FILE: 4 } as const;

export const Oflags = { CREAT: 1, DIRECTORY: 2, EXCL: 4, TRUNC: 8 } as const;
export const Fstflags = { ATIM: 1, ATIM_NOW: 2, MTIM: 4, MTIM_NOW: 8 } as const;
export const Whence = { SET: 0, CUR: 1, END: 2 } as const;
export const DIRENT_SIZE = 24;

export const ClockId = { REALTIME: 0, MONOTONIC: 1, PROCESS_CPUTIME: 2, THREAD_CPUTIME: 3 } as const;

/** Rights bits (u64). Stdio descriptors get read or write plus poll and fdstat/filestat. */
export const Rights = {
  FD_DATASYNC: 1n << 0n,
  FD_READ: 1n << 1n,
  FD_SEEK: 1n << 2n,
  FD_FDSTAT_SET_FLAGS: 1n << 3n,
  FD_SYNC: 1n << 4n,
  FD_TELL: 1n << 5n,
  FD_WRITE: 1n << 6n,
  FD_FILESTAT_GET: 1n << 21n,
  POLL_FD_READWRITE: 1n << 27n,
} as const;

/** Every right of wasi_snapshot_preview1 (bits 0..29): what files and directories may hold. */
export const ALL_RIGHTS = (1n << 30n) - 1n;

export const EventType = { CLOCK: 0, FD_READ: 1, FD_WRITE: 2 } as const;
export const SUBSCRIPTION_CLOCK_ABSTIME = 1;
export const EVENTRWFLAGS_FD_READWRITE_HANGUP = 1;
export const FDFLAGS_APPEND = 1;

export const SUBSCRIPTION_SIZE = 48;
export const EVENT_SIZE = 32;
export const FDSTAT_SIZE = 24;
export const FILESTAT_SIZE = 64;
