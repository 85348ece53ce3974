/**
 * Scratch directories in the system temp directory that live as long as the test run: a repository
 * or data dir shared by the tests of a file, which no single `after` owns. Every one is removed when
 * the test process exits, so a run leaves nothing behind in the temp directory.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const dirs = new Set<string>();

export function removeScratchDirs(): void {
  for (const dir of dirs) {
    try {
      rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
    } catch (e) {
      process.stderr.write(`tests: could not remove ${dir}: ${String(e)}\n`);
    }
  }
  dirs.clear();
}

process.once('exit', removeScratchDirs);

/** mkdtemp in the system temp directory, removed at the latest when the test process exits. */
export function scratchDir(prefix: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  dirs.add(dir);
  return dir;
}
