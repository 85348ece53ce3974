/** Reads which of /bin, /sbin, /lib, /lib32, /lib64 are symlinks into /usr on this host (merged-/usr) and which are real directories. */
import { lstat, readlink } from 'node:fs/promises';
import type { HostLayout } from './bwrapArgs.ts';

const TOP_LEVEL = ['/bin', '/sbin', '/lib', '/lib32', '/lib64', '/libx32'];

export async function readHostLayout(): Promise<HostLayout> {
  const layout: HostLayout = { symlinks: {}, dirs: [] };
  for (const entry of TOP_LEVEL) {
    const stat = await lstat(entry).catch(() => null);
    if (!stat) continue;
    if (stat.isSymbolicLink()) layout.symlinks[entry] = await readlink(entry);
    else if (stat.isDirectory()) layout.dirs.push(entry);
  }
  return layout;
}
