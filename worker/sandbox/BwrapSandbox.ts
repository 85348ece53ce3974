/**
 * The bubblewrap backend, the default on Linux. When the worker runs as root, bwrap itself is
 * started as an unprivileged uid (setpriv), so the build's user namespace maps to a real non-root
 * host user: RLIMIT_NPROC is then enforced (the kernel exempts host root from it), and an escape
 * would land as an unprivileged uid. Each concurrent build gets a uid of its own (BuildUids), so
 * each has its own RLIMIT_NPROC budget instead of all builds sharing one. The wall-clock limit kills bwrap's whole process group; bwrap's
 * --die-with-parent and the pid namespace then take every process of the build down with it.
 */
import { spawn } from 'node:child_process';
import { chown } from 'node:fs/promises';
import { constants as osConstants } from 'node:os';
import { ErrandError } from '../../common/errors/index.ts';
import { BuildUids } from './BuildUids.ts';
import { bwrapArgs } from './bwrapArgs.ts';
import { readHostLayout } from './hostLayout.ts';
import { LOG_TAIL_BYTES, type Sandbox, type SandboxResult, type SandboxRunOptions } from './Sandbox.ts';
import { TailBuffer } from './TailBuffer.ts';

export interface BwrapSandboxOptions {
  /** Read-only toolchain binds (host -> sandbox path), e.g. node_modules -> /toolchain/node_modules. */
  readOnlyBinds?: Array<{ host: string; sandbox: string }>;
  /** Where the host uid/gid of each build comes from when the worker is root (one per concurrent build). Default: one pool per process. */
  buildUids?: BuildUids;
  /** Size of /tmp, /build and /dev/shm inside the sandbox. Default 1 GiB each. */
  tmpfsBytes?: number;
  /** RLIMIT_FSIZE. Default 512 MiB. */
  maxFileBytes?: number;
  bwrapPath?: string;
}

/** Shared by every BwrapSandbox of this process, so two sandboxes never hand out the same uid. */
const processBuildUids = new BuildUids();

export class BwrapSandbox implements Sandbox {
  readonly backend = 'bwrap' as const;

  constructor(private readonly options: BwrapSandboxOptions = {}) {}

  async run(options: SandboxRunOptions): Promise<SandboxResult> {
    if (process.getuid?.() !== 0) return this.runAs(null, options);
    const uids = this.options.buildUids ?? processBuildUids;
    const uid = uids.acquire();
    try {
      await chown(options.outputDir, uid, uid);
      return await this.runAs(uid, options);
    } finally {
      uids.release(uid);
    }
  }

  private async runAs(uid: number | null, options: SandboxRunOptions): Promise<SandboxResult> {
    const args = bwrapArgs({
      ...options,
      readOnlyBinds: this.options.readOnlyBinds ?? [],
      host: await readHostLayout(),
      tmpfsBytes: this.options.tmpfsBytes ?? 1024 * 1024 * 1024,
      maxFileBytes: this.options.maxFileBytes ?? 512 * 1024 * 1024,
    });
    const bwrap = this.options.bwrapPath ?? 'bwrap';
    const [file, argv] = uid !== null
      ? ['setpriv', [`--reuid=${uid}`, `--regid=${uid}`, '--clear-groups', '--inh-caps=-all', '--', bwrap, ...args]]
      : [bwrap, args];
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
        return reject(new ErrandError('WORKER__SANDBOX_UNAVAILABLE', `bwrap could not start: ${spawnError.message}`, { backend: 'bwrap', reason: spawnError.message }));
      }
      if (callerAborted) return reject(aborted());
      const setupError = /^bwrap: (.*)$/m.exec(tail.toString());
      if (code === 1 && setupError) {
        // bwrap failed before the command ran (e.g. a bind source the unprivileged uid cannot reach).
        return reject(new ErrandError('WORKER__SANDBOX_UNAVAILABLE', `bwrap could not set up the sandbox: ${setupError[1]}`, { backend: 'bwrap', reason: setupError[1]! }));
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
