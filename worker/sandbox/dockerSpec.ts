/**
 * The container for one sandboxed build, as a pure function (unit-tested without an engine): no
 * network at all, read-only root filesystem, tmpfs /tmp and /build, the source bound read-only and
 * only /out writable, memory (no extra swap), CPU and pids limits, every capability dropped,
 * no-new-privileges, an unprivileged user, and an init process that reaps and forwards signals.
 * The toolchains (node_modules, drivers) live in the image at /toolchain.
 */
import type Docker from 'dockerode';
import type { SandboxRunOptions } from './Sandbox.ts';
import { SANDBOX_PATHS } from './Sandbox.ts';

/** Labels on every build container: how a sweep (dockerSweep.ts) finds what a killed worker left. */
export const BUILD_LABELS = {
  role: 'dev.errand.role',
  /** The worker (sandbox owner) that started it. */
  owner: 'dev.errand.owner',
  /** Epoch milliseconds past which the build is over whatever happened to its worker. */
  deadline: 'dev.errand.deadline',
} as const;

export interface DockerSpecOptions {
  image: string;
  /** Who started the build (BUILD_LABELS.owner); default 'errand'. */
  owner?: string;
  /** Start time in epoch ms for the deadline label; default Date.now(). */
  now?: number;
  /** CPUs the build may use (NanoCpus = cpus * 1e9). Default 1. */
  cpus?: number;
  tmpfsBytes?: number;
  user?: string;
  name?: string;
}

export function dockerCreateOptions(run: Omit<SandboxRunOptions, 'onOutput' | 'signal'>, options: DockerSpecOptions): Docker.ContainerCreateOptions {
  const tmpfsBytes = options.tmpfsBytes ?? 1024 * 1024 * 1024;
  const cpuSeconds = Math.max(1, Math.ceil(run.limits.cpuSeconds));
  return {
    ...(options.name ? { name: options.name } : {}),
    Image: options.image,
    Cmd: [run.command, ...run.args],
    Env: Object.entries(run.env).map(([k, v]) => `${k}=${v}`),
    WorkingDir: SANDBOX_PATHS.build,
    User: options.user ?? '65534:65534',
    Hostname: 'errand-build',
    NetworkDisabled: true,
    AttachStdout: true,
    AttachStderr: true,
    Tty: false,
    Labels: {
      [BUILD_LABELS.role]: 'build',
      [BUILD_LABELS.owner]: options.owner ?? 'errand',
      [BUILD_LABELS.deadline]: String((options.now ?? Date.now()) + Math.ceil(run.limits.wallMs)),
    },
    HostConfig: {
      NetworkMode: 'none',
      ReadonlyRootfs: true,
      Tmpfs: {
        '/tmp': `rw,nosuid,nodev,size=${tmpfsBytes}`,
        [SANDBOX_PATHS.build]: `rw,nosuid,nodev,exec,size=${tmpfsBytes},uid=65534,gid=65534`,
      },
      Binds: [`${run.sourceDir}:${SANDBOX_PATHS.source}:ro`, `${run.outputDir}:${SANDBOX_PATHS.output}:rw`],
      Memory: Math.floor(run.limits.memoryBytes),
      MemorySwap: Math.floor(run.limits.memoryBytes),
      NanoCpus: Math.round((options.cpus ?? 1) * 1e9),
      PidsLimit: Math.max(1, Math.floor(run.limits.maxProcesses)),
      Ulimits: [
        { Name: 'cpu', Soft: cpuSeconds, Hard: cpuSeconds },
        { Name: 'core', Soft: 0, Hard: 0 },
      ],
      CapDrop: ['ALL'],
      SecurityOpt: ['no-new-privileges'],
      Privileged: false,
      IpcMode: 'private',
      Init: true,
      AutoRemove: false,
    },
  };
}
