/**
 * The bwrap backend's output directory, with a cap on its total size and file count, not just on
 * each file: when the worker is root (the production bwrap setup), the directory is a tmpfs of its
 * own mounted with `size=` and `nr_inodes=` (nosuid, nodev, noexec), so a build that writes many
 * files under RLIMIT_FSIZE stops at the cap with ENOSPC instead of filling the host disk. bwrap
 * runs in the worker's own mount namespace, so it binds this very mount at /out. (Not for Docker:
 * the engine resolves bind paths in its own namespace, where a mount made by a containerised
 * worker does not exist.) A worker that is not root cannot mount: its outputs keep only the
 * per-file cap (RLIMIT_FSIZE) and the capped read in readBuildOutput; `capped` says which case
 * applies. `release()` unmounts; the caller removes the directory.
 */
import { execFile } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { promisify } from 'node:util';
import { ErrandError } from '../../common/errors/index.ts';
import type { CappedOutputDir, OutputDirLimits } from './Sandbox.ts';

const run = promisify(execFile);

/** A plain directory (no total cap): for backends that cannot use a host mount. */
export async function plainOutputDir(dir: string): Promise<CappedOutputDir> {
  await mkdir(dir, { recursive: true });
  return { path: dir, capped: false, release: () => Promise.resolve() };
}

export async function createCappedOutputDir(dir: string, limits: OutputDirLimits): Promise<CappedOutputDir> {
  if (process.getuid?.() !== 0) return plainOutputDir(dir);
  await mkdir(dir, { recursive: true });
  // The cap is rounded up to whole pages by the kernel; one page more than the file cap lets a
  // build that writes exactly maxBytes finish, readBuildOutput still refuses anything larger.
  const size = Math.ceil(limits.maxBytes / 4096) * 4096 + 4096;
  const inodes = Math.max(16, Math.floor(limits.maxFiles) + 1);
  const options = `size=${size},nr_inodes=${inodes},mode=0755,nosuid,nodev,noexec`;
  try {
    await run('mount', ['-t', 'tmpfs', '-o', options, 'errand-out', dir]);
  } catch (err) {
    throw new ErrandError('WORKER__SANDBOX_UNAVAILABLE', `could not mount the size-capped output directory: ${message(err)}`, {
      backend: 'host',
      reason: message(err),
    });
  }
  let released = false;
  return {
    path: dir,
    capped: true,
    async release() {
      if (released) return;
      released = true;
      // Lazy: a process still holding a file open (e.g. a Docker engine finishing up) cannot keep it mounted.
      await run('umount', ['-l', dir]).catch(() => undefined);
    },
  };
}

function message(err: unknown): string {
  const e = err as { stderr?: string; message?: string };
  return (e.stderr?.trim() || e.message || String(err)).slice(0, 300);
}
