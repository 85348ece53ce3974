/**
 * WASI preview 1 ABI constants: file types, rights, clock ids, event types, struct sizes.
 * Values come from the wasi_snapshot_preview1 witx; they are the wire format, never renumber.
 */
export const Filetype = { UNKNOWN: 0, CHARACTER_DEVICE: 2 } as const;

export const ClockId = { REALTIME: 0, MONOTONIC: 1, PROCESS_CPUTIME: 2, THREAD_CPUTIME: 3 } as const;

/** Rights bits (u64). Stdio descriptors get read or write plus poll and fdstat/filestat. */
export const Rights = {
  FD_READ: 1n << 1n,
  FD_FDSTAT_SET_FLAGS: 1n << 3n,
  FD_WRITE: 1n << 6n,
  FD_FILESTAT_GET: 1n << 21n,
  POLL_FD_READWRITE: 1n << 27n,
} as const;

export const EventType = { CLOCK: 0, FD_READ: 1, FD_WRITE: 2 } as const;
export const SUBSCRIPTION_CLOCK_ABSTIME = 1;
export const EVENTRWFLAGS_FD_READWRITE_HANGUP = 1;
export const FDFLAGS_APPEND = 1;

export const SUBSCRIPTION_SIZE = 48;
export const EVENT_SIZE = 32;
export const FDSTAT_SIZE = 24;
export const FILESTAT_SIZE = 64;
