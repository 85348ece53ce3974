/**
 * `errand run --dir HOST_DIR[::GUEST_DIR]`: reads a host directory into an in-memory tree that
 * the run gets as a preopen (worker/executor/wasi/fs). The run works on the copy: nothing is ever
 * written back. Symbolic links and special files are left out (the executor's filesystem has
 * none); the copy is capped so a mistaken `--dir /` fails fast instead of reading the disk.
 */
import { lstat, readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { FsTree, Preopen } from '../../worker/executor/wasi/fs/FsTree.ts';

export const MAX_DIR_COPY_BYTES = 256 * 1024 * 1024;

export class DirCopyError extends Error {}

async function copy(dir: string, budget: { left: number }): Promise<FsTree> {
  const entries: Record<string, FsTree> = {};
  for (const name of (await readdir(dir)).sort()) {
    const full = path.join(dir, name);
    const st = await lstat(full);
    if (st.isDirectory()) {
      entries[name] = await copy(full, budget);
    } else if (st.isFile()) {
      budget.left -= st.size;
      if (budget.left < 0) throw new DirCopyError(`more than ${MAX_DIR_COPY_BYTES} bytes under the directory`);
      entries[name] = { type: 'file', data: new Uint8Array(await readFile(full)) };
    }
  }
  return { type: 'dir', entries };
}

/** Parses `HOST[::GUEST]` (GUEST defaults to HOST as written) and copies HOST. */
export async function readHostDir(spec: string): Promise<Preopen> {
  const sep = spec.indexOf('::');
  const host = sep < 0 ? spec : spec.slice(0, sep);
  const guestPath = sep < 0 ? spec : spec.slice(sep + 2);
  if (host === '' || guestPath === '') throw new DirCopyError(`--dir expects HOST_DIR[::GUEST_DIR], got '${spec}'`);
  const st = await lstat(host).catch(() => undefined);
  if (!st?.isDirectory()) throw new DirCopyError(`${host} is not a directory`);
  return { guestPath, tree: await copy(host, { left: MAX_DIR_COPY_BYTES }) };
}
