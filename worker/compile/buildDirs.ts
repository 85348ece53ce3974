/**
 * The per-build scratch directories (`<workDir>/errand-build-*`) and their clean-up. A worker that
 * is killed mid-build never reaches its `finally`, so each directory records its owner (pid and
 * the kernel's start time of that process, so a recycled pid is not mistaken for the owner) in an
 * `owner` file; at worker start, directories whose owner is no longer running are unmounted (a
 * root build's capped /out is a tmpfs) and deleted. A directory without an owner file is left alone
 * while it is young (another worker may be between mkdtemp and writing it). Only directories
 * owned by this uid are touched; symlinks named like build directories are ignored.
 */
import { execFile } from 'node:child_process';
import { chmod, lstat, mkdtemp, readdir, readFile, realpath, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';

export const BUILD_DIR_PREFIX = 'errand-build-';
const OWNER_FILE = 'owner';
const run = promisify(execFile);

/** Creates a build directory under `workDir` (0755: the sandbox's uid must read the tree in it) owned by this process. */
export async function createBuildDir(workDir: string): Promise<string> {
  const dir = await mkdtemp(path.join(workDir, BUILD_DIR_PREFIX));
  await chmod(dir, 0o755);
  await writeFile(path.join(dir, OWNER_FILE), `${await processIdentity(process.pid)}\n`, { mode: 0o644 });
  return dir;
}

export interface SweepOptions {
  /** A directory without an owner file is stale only once it is this old. Default 10 minutes. */
  minAgeMs?: number;
  now?: number;
}

/** Deletes the build directories under `workDir` whose owner process is gone; returns their paths. */
export async function sweepStaleBuildDirs(workDir: string, options: SweepOptions = {}): Promise<string[]> {
  const now = options.now ?? Date.now();
  const minAgeMs = options.minAgeMs ?? 10 * 60_000;
  const entries = await readdir(workDir).catch(() => [] as string[]);
  const removed: string[] = [];
  for (const name of entries.filter((n) => n.startsWith(BUILD_DIR_PREFIX))) {
    const dir = path.join(workDir, name);
    const stat = await lstat(dir).catch(() => null);
    if (!stat?.isDirectory() || stat.uid !== process.getuid?.()) continue;
    const owner = await readFile(path.join(dir, OWNER_FILE), 'utf8').catch(() => null);
    if (owner === null ? now - stat.mtimeMs < minAgeMs : await isRunning(owner.trim())) continue;
    await unmountBelow(dir);
    await rm(dir, { recursive: true, force: true });
    removed.push(dir);
  }
  return removed;
}

/** "pid starttime": starttime is field 22 of /proc/<pid>/stat (clock ticks since boot), unique per process lifetime. */
async function processIdentity(pid: number): Promise<string> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => null);
  if (stat === null) return `${pid}`;
  // The command name (field 2) is in parentheses and may contain spaces: count fields after the last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return `${pid} ${fields[19] ?? ''}`.trim();
}

async function isRunning(identity: string): Promise<boolean> {
  const pid = Number(identity.split(' ')[0]);
  if (!Number.isSafeInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  return identity.includes(' ') ? (await processIdentity(pid)) === identity : true;
}

/** Unmounts every mount at or below `dir` (deepest first), e.g. a dead build's size-capped /out. */
async function unmountBelow(dir: string): Promise<void> {
  const real = await realpath(dir).catch(() => dir);
  const mountinfo = await readFile('/proc/self/mountinfo', 'utf8').catch(() => '');
  const points = mountinfo
    .split('\n')
    .map((line) => line.split(' ')[4])
    .filter((p): p is string => p !== undefined)
    .map((p) => p.replace(/\\(\d{3})/g, (_, octal: string) => String.fromCharCode(parseInt(octal, 8))))
    .filter((p) => p === real || p.startsWith(real + path.sep))
    .sort((a, b) => b.length - a.length);
  for (const point of points) await run('umount', ['-l', point]).catch(() => undefined);
}
