/**
 * The bubblewrap backend, the default on Linux. When the worker runs as root, bwrap itself is
 * started as an unprivileged uid (setpriv), so the build's user namespace maps to a real non-root
 * host user: RLIMIT_NPROC is then enforced (the kernel exempts host root from it), and an escape
 * would land as an unprivileged uid. Each build gets a uid of its own, buildUidBase + the pid of
 * the process that becomes bwrap (a root shell takes its own pid, gives /out to that uid and execs
 * setpriv, then bwrap, keeping the pid): two live builds never share a pid, so they never share a
 * uid, in any worker process or thread, without an allocator or lock files; a build's uid dies with
 * it (the pid namespace takes every process of the build down when bwrap exits). So each build has
 * its own RLIMIT_NPROC budget, also on kernels older than 5.14 that count processes per uid only.
 * The wall-clock limit kills bwrap's whole process group; bwrap's --die-with-parent and the pid
 * namespace then take every process of the build down with it.
 */
import { spawn } from 'node:child_process';
import { constants as osConstants } from 'node:os';
import { ErrandError } from '../../common/errors/index.ts';
import { bwrapArgs } from './bwrapArgs.ts';
import { createCappedOutputDir } from './cappedOutputDir.ts';
import { readHostLayout } from './hostLayout.ts';
import { LOG_TAIL_BYTES, type CappedOutputDir, type OutputDirLimits, type Sandbox, type SandboxResult, type SandboxRunOptions } from './Sandbox.ts';
import { TailBuffer } from './TailBuffer.ts';

export interface BwrapSandboxOptions {
  /** Read-only toolchain binds (host -> sandbox path), e.g. node_modules -> /toolchain/node_modules. */
  readOnlyBinds?: Array<{ host: string; sandbox: string }>;
  /** When the worker is root, a build runs as host uid/gid buildUidBase + its bwrap pid. Default
   * 0x70000000 (in the block systemd leaves unassigned; pids reach at most 2^22 above it). Workers
   * in separate pid namespaces on one kernel need bases at least 2^22 apart. */
  buildUidBase?: number;
  /** Size of /tmp, /build and /dev/shm inside the sandbox. Default 1 GiB each. */
  tmpfsBytes?: number;
  /** RLIMIT_FSIZE. Default 512 MiB. */
  maxFileBytes?: number;
  bwrapPath?: string;
}

export const DEFAULT_BUILD_UID_BASE = 0x70000000;

/** Run by root as `sh -c GIVE_UID_AND_EXEC errand-build <base> <outputDir> <bwrap> <args...>`. */
const GIVE_UID_AND_EXEC = [
  'uid=$(($1 + $$)); out=$2; shift 2',
  'chown "$uid:$uid" "$out" || { echo "bwrap: cannot give the output directory to build uid $uid" >&2; exit 1; }',
  'exec setpriv --reuid="$uid" --regid="$uid" --clear-groups --inh-caps=-all -- "$@"',
].join('\n');

export class BwrapSandbox implements Sandbox {
  readonly backend = 'bwrap' as const;

  constructor(private readonly options: BwrapSandboxOptions = {}) {}

  /** A size- and inode-capped tmpfs when the worker is root (cappedOutputDir.ts). */
  prepareOutputDir(dir: string, limits: OutputDirLimits): Promise<CappedOutputDir> {
    return createCappedOutputDir(dir, limits);
  }

  async run(options: SandboxRunOptions): Promise<SandboxResult> {
    const args = bwrapArgs({
      ...options,
      readOnlyBinds: this.options.readOnlyBinds ?? [],
      host: await readHostLayout(),
      tmpfsBytes: this.options.tmpfsBytes ?? 1024 * 1024 * 1024,
      maxFileBytes: this.options.maxFileBytes ?? 512 * 1024 * 1024,
    });
    const bwrap = this.options.bwrapPath ?? 'bwrap';
    const base = this.options.buildUidBase ?? DEFAULT_BUILD_UID_BASE;
    const [file, argv] =
      process.getuid?.() === 0 ? ['/bin/sh', ['-c', GIVE_UID_AND_EXEC, 'errand-build', String(base), options.outputDir, bwrap, ...args]] : [bwrap, args];
    return runKillable(file, argv, options);
  }
}

function runKillable(file: string, argv: string[], options: SandboxRunOptions): Promise<SandboxResult> {
  return new Promise((resolve, reject) => {
    if (options.signal?.aborted) return reject(aborted());
    const tail = new TailBuffer(LOG_TAIL_BYTES);
    // detached: a new process group, so one kill reaches setpriv/bwrap and anything still attached.
    const child = spawn(file, argv, { detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: {} });
    let timedOut = false;
    let callerAborted = false;
    let spawnError: Error | undefined;
    const killTree = (): void => {
      if (child.pid === undefined) return;
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    };
    const timer = setTimeout(() => {
      timedOut = true;
      killTree();
    }, options.limits.wallMs);
    const onAbort = (): void => {
      callerAborted = true;
      killTree();
    };
    options.signal?.addEventListener('abort', onAbort, { once: true });
    const onData = (chunk: Buffer): void => {
      const text = chunk.toString('utf8');
      tail.push(text);
      options.onOutput?.(text);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('error', (err) => {
      spawnError = err;
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      if (spawnError) {
        return reject(
          new ErrandError('WORKER__SANDBOX_UNAVAILABLE', `bwrap could not start: ${spawnError.message}`, { backend: 'bwrap', reason: spawnError.message }),
        );
      }
      if (callerAborted) return reject(aborted());
      const setupError = /^bwrap: (.*)$/m.exec(tail.toString());
      if (code === 1 && setupError) {
        // bwrap failed before the command ran (e.g. a bind source the unprivileged uid cannot reach).
        const unreachable = /Can't find source path (.*): Permission denied/.exec(setupError[1]!);
        const hint = unreachable
          ? ` (builds run as an unprivileged uid, which must be able to reach ${unreachable[1]}: a parent directory is not world-searchable, e.g. a checkout under /root; chmod o+x the parents or move the checkout)`
          : '';
        return reject(
          new ErrandError('WORKER__SANDBOX_UNAVAILABLE', `bwrap could not set up the sandbox: ${setupError[1]}${hint}`, {
            backend: 'bwrap',
            reason: setupError[1]!,
          }),
        );
      }
      resolve({ exitCode: timedOut ? null : code, signal: signal ?? signalFromExitCode(code), timedOut, logTail: tail.toString() });
    });
  });
}

/** bwrap reports a child killed by signal N as exit code 128+N. */
function signalFromExitCode(code: number | null): string | null {
  if (code === null || code <= 128 || code > 128 + 64) return null;
  const entry = Object.entries(osConstants.signals).find(([, n]) => n === code - 128);
  return entry ? entry[0] : null;
}

function aborted(): ErrandError {
  return new ErrandError('COMMON__ABORTED', 'the sandboxed build was aborted', { operation: 'sandbox run' });
}
