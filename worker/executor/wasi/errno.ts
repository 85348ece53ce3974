/**
 * WASI preview 1 errno values (wasi_snapshot_preview1 `errno`), the subset the host answers with.
 * Numbers are the ABI: never change them.
 */
export const Errno = {
  SUCCESS: 0,
  BADF: 8,
  FAULT: 21,
  INVAL: 28,
  IO: 29,
  ISDIR: 31,
  NOENT: 44,
  NOSYS: 52,
  NOTDIR: 54,
  NOTSOCK: 57,
  NOTSUP: 58,
  OVERFLOW: 61,
  PERM: 63,
  SPIPE: 70,
  NOTCAPABLE: 76,
} as const;
export type ErrnoValue = (typeof Errno)[keyof typeof Errno];
