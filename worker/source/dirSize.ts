/** Sums the sizes of the regular files below a directory (used to cap a fetch while it runs). Best effort: files vanishing mid-walk are skipped. */
import { lstat, readdir } from 'node:fs/promises';
import path from 'node:path';

export async function dirSize(dir: string): Promise<number> {
  let total = 0;
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return 0;
  }
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) total += await dirSize(full);
    else if (entry.isFile())
      total += await lstat(full).then(
        (s) => s.size,
        () => 0,
      );
  }
  return total;
}
