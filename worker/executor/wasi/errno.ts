/**
 * WASI preview 1 errno values (wasi_snapshot_preview1 `errno`), the subset the host answers with.
 * Numbers are the ABI: never change them.
 */
export const Errno = {
  SUCCESS: 0,
  ACCES: 2,
  BADF: 8,
  EXIST: 20,
  FBIG: 22,
  FAULT: 21,
  INVAL: 28,
  IO: 29,
  ISDIR: 31,
  MFILE: 33,
  NAMETOOLONG: 37,
  NOENT: 44,
  NOSPC: 51,
  NOSYS: 52,
  NOTDIR: 54,
  NOTEMPTY: 55,
  NOTSOCK: 57,
  NOTSUP: 58,
  OVERFLOW: 61,
  PERM: 63,
  SPIPE: 70,
  NOTCAPABLE: 76,
} as const;
export type ErrnoValue = (typeof Errno)[keyof typeof Errno];
