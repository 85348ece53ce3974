/**
 * The compile sandbox: runs one command with a read-only source, one writable output directory, a
 * throwaway build directory, a clean environment, no network, and CPU/memory/process/wall-clock
 * limits. Two backends implement it (bwrap, docker). A sandbox run never throws for what the
 * command did (non-zero exit, killed by a limit): that is in the result; it throws coded errors only
 * when the sandbox itself cannot run (WORKER__SANDBOX_UNAVAILABLE) or the caller aborted.
 */
export interface SandboxLimits {
  /** Wall-clock limit: past it the whole process tree is killed and `timedOut` is true. */
  wallMs: number;
  /** CPU seconds (RLIMIT_CPU per process on bwrap; NanoCpus share on docker). */
  cpuSeconds: number;
  /** Memory cap in bytes (RLIMIT_DATA per process on bwrap; the cgroup memory limit on docker). */
  memoryBytes: number;
  /** Process-count cap (RLIMIT_NPROC in the sandbox's own user on bwrap; PidsLimit on docker). */
  maxProcesses: number;
}

export interface SandboxRunOptions {
  /** Absolute path of the program inside the sandbox, e.g. /bin/sh. */
  command: string;
  args: string[];
  /** Host directory mounted read-only at /src. */
  sourceDir: string;
  /** Host directory mounted read-write at /out: the only place a build can leave anything. */
  outputDir: string;
  /** The complete environment of the command (nothing is inherited). */
  env: Record<string, string>;
  limits: SandboxLimits;
  /** Receives the combined stdout/stderr as it is produced (not capped: the caller caps). */
  onOutput?: (chunk: string) => void;
  signal?: AbortSignal;
}

export interface SandboxResult {
  exitCode: number | null;
  /** The signal that ended the command (e.g. SIGKILL after a limit), if any. */
  signal: string | null;
  timedOut: boolean;
  /** The last bytes of the combined output (see LOG_TAIL_BYTES). */
  logTail: string;
}

export interface Sandbox {
  readonly backend: 'bwrap' | 'docker';
  /**
   * Creates the host directory to pass as `outputDir`, its total size and file count capped
   * where this backend can (`capped` says whether it did); release() after the outputs were read.
   */
  prepareOutputDir(dir: string, limits: OutputDirLimits): Promise<CappedOutputDir>;
  run(options: SandboxRunOptions): Promise<SandboxResult>;
}

/** Caps on everything a build leaves in /out together. */
export interface OutputDirLimits {
  maxBytes: number;
  maxFiles: number;
}

export interface CappedOutputDir {
  path: string;
  capped: boolean;
  release(): Promise<void>;
}

/** Where the sandboxes mount things, the same on every backend so build scripts are portable. */
export const SANDBOX_PATHS = {
  source: '/src',
  output: '/out',
  build: '/build',
  toolchain: '/toolchain',
} as const;

export const LOG_TAIL_BYTES = 16 * 1024;
