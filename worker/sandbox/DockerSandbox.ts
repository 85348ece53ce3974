/**
 * The Docker backend (production): one fresh container per build from the compiler image
 * (docker/compiler.Dockerfile), spec from dockerCreateOptions. The container is killed at the
 * wall-clock limit and always removed afterwards; a worker killed before it could remove one leaves
 * it labelled, and the first run of the next sandbox with the same owner sweeps it (dockerSweep.ts).
 * The build writes its module to the bind-mounted output directory; nothing is copied out of the
 * container, so the caller reads /out exactly as it does for bubblewrap. This backend needs a Docker
 * engine and the compiler image; when either is missing, run() fails with
 * WORKER__SANDBOX_UNAVAILABLE (saying how to build the image) rather than falling back to anything.
 */
import { chown } from 'node:fs/promises';
import os from 'node:os';
import { PassThrough } from 'node:stream';
import Docker from 'dockerode';
import { ErrandError } from '../../common/errors/index.ts';
import { plainOutputDir } from './cappedOutputDir.ts';
import { dockerCreateOptions, type DockerSpecOptions } from './dockerSpec.ts';
import { sweepBuildContainers, type SweepResult } from './dockerSweep.ts';
import { LOG_TAIL_BYTES, type CappedOutputDir, type Sandbox, type SandboxResult, type SandboxRunOptions } from './Sandbox.ts';
import { TailBuffer } from './TailBuffer.ts';

export interface DockerSandboxOptions extends Partial<DockerSpecOptions> {
  /** Default 'errand-compiler:latest' (built from docker/compiler.Dockerfile). */
  image?: string;
  docker?: Docker;
  /**
   * Names this worker on the build containers' labels; its next start sweeps what it left. Workers
   * pass their account id (wireWorker), so two workers on one engine never sweep each other's live
   * builds; the default, the host name, suits one-off tools (errand build, the bench).
   */
  owner?: string;
}

export const DEFAULT_COMPILER_IMAGE = 'errand-compiler:latest';

export class DockerSandbox implements Sandbox {
  readonly backend = 'docker' as const;
  private readonly docker: Docker;
  private readonly owner: string;
  private swept: Promise<SweepResult> | undefined;

  constructor(private readonly options: DockerSandboxOptions = {}) {
    this.docker = options.docker ?? new Docker();
    this.owner = options.owner ?? os.hostname();
  }

  get image(): string {
    return this.options.image ?? DEFAULT_COMPILER_IMAGE;
  }

  /** Removes the build containers this owner left behind and any past their deadline; once per sandbox unless `force`. */
  sweep(force = false): Promise<SweepResult> {
    if (force || !this.swept) {
      this.swept = sweepBuildContainers(this.docker, this.owner).catch((err: unknown) => {
        this.swept = undefined;
        throw unavailable(err);
      });
    }
    return this.swept;
  }

  /** Resolves when an engine answers ping within `timeoutMs`; rejects with WORKER__SANDBOX_UNAVAILABLE. */
  async ping(timeoutMs = 2000): Promise<void> {
    try {
      await Promise.race([
        this.docker.ping(),
        new Promise((_, reject) => setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs).unref()),
      ]);
    } catch (err) {
      throw unavailable(err);
    }
  }

  /**
   * A plain host directory: its total is not capped on this backend yet (a host mount made here is
   * invisible to an engine resolving binds in its own namespace). Outputs are still read through
   * readBuildOutput (no links, regular files, capped read).
   */
  prepareOutputDir(dir: string): Promise<CappedOutputDir> {
    return plainOutputDir(dir);
  }

  async run(options: SandboxRunOptions): Promise<SandboxResult> {
    await this.sweep();
    const spec = dockerCreateOptions(options, { ...this.options, image: this.image, owner: this.owner });
    // The container runs as 65534; /out must be writable by it. (Paths are the Docker host's: a
    // worker that itself runs in a container must use a workDir bind-mounted at the same path.)
    if (process.getuid?.() === 0) await chown(options.outputDir, 65534, 65534);
    let container: Docker.Container;
    try {
      container = await this.docker.createContainer(spec);
    } catch (err) {
      throw isStatus(err, 404) ? imageMissing(this.image) : unavailable(err);
    }
    const tail = new TailBuffer(LOG_TAIL_BYTES);
    let timedOut = false;
    const kill = (): void => void container.kill({ signal: 'SIGKILL' }).catch(() => undefined);
    const timer = setTimeout(() => {
      timedOut = true;
      kill();
    }, options.limits.wallMs);
    options.signal?.addEventListener('abort', kill, { once: true });
    try {
      const stream = await container.attach({ stream: true, stdout: true, stderr: true });
      const sink = new PassThrough();
      sink.on('data', (chunk: Buffer) => {
        const text = chunk.toString('utf8');
        tail.push(text);
        options.onOutput?.(text);
      });
      this.docker.modem.demuxStream(stream, sink, sink);
      await container.start();
      const waited = (await container.wait()) as { StatusCode: number };
      if (options.signal?.aborted) throw new ErrandError('COMMON__ABORTED', 'the sandboxed build was aborted', { operation: 'sandbox run' });
      const killed = timedOut || waited.StatusCode === 137;
      return { exitCode: timedOut ? null : waited.StatusCode, signal: killed ? 'SIGKILL' : null, timedOut, logTail: tail.toString() };
    } finally {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', kill);
      await container.remove({ force: true }).catch(() => undefined);
    }
  }
}

function isStatus(err: unknown, status: number): boolean {
  return typeof err === 'object' && err !== null && (err as { statusCode?: unknown }).statusCode === status;
}

/** The engine answers but has no compiler image: say how to get one instead of passing on a bare 404. */
export function imageMissing(image: string): ErrandError {
  const reason =
    `the Docker engine has no image '${image}': build it from the repository root with ` +
    `'docker build -f docker/compiler.Dockerfile -t ${image} .' (or run docker/test-engine.sh, which also makes offline base images)`;
  return new ErrandError('WORKER__SANDBOX_UNAVAILABLE', reason, { backend: 'docker', reason });
}

function unavailable(err: unknown): ErrandError {
  const reason = err instanceof Error ? err.message : String(err);
  return new ErrandError('WORKER__SANDBOX_UNAVAILABLE', `Docker engine unavailable: ${reason}`, { backend: 'docker', reason });
}
