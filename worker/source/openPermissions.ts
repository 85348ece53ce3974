/**
 * Makes a vetted tree readable by the sandbox's unprivileged uid whatever the worker's umask or the
 * original file modes were: directories 0755, files 0644 (0755 when executable by the owner).
 * Symlinks are left alone (their mode is meaningless, and checkTree already vetted them).
 */
import { chmod, lstat, readdir } from 'node:fs/promises';
import path from 'node:path';

export async function openPermissions(root: string): Promise<void> {
  await chmod(root, 0o755);
  for (const entry of await readdir(root, { withFileTypes: true })) {
    const full = path.join(root, entry.name);
    if (entry.isDirectory()) await openPermissions(full);
    else if (entry.isFile()) await chmod(full, (await lstat(full)).mode & 0o100 ? 0o755 : 0o644);
  }
}
