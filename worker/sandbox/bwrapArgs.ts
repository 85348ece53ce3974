/**
 * The bubblewrap command line for one sandboxed run, as a pure function so the policy can be read
 * and unit-tested in one place: every namespace unshared (network, pid, ipc, uts, cgroup, user —
 * user explicitly, since `--unshare-all` only tries it), no nested user namespaces, the host's /usr
 * (and the /bin, /lib* links to it) read-only, a minimal /etc, the source read-only at /src, the
 * output read-write at /out, tmpfs /tmp, /build and /dev/shm each with a size cap, a cleared
 * environment, and per-process limits applied by prlimit before the command starts.
 * bwrap's own root and /dev are tmpfs mounts it cannot size: both are remounted read-only once
 * everything is mounted, so the only writable places are the sized tmpfs mounts and /out (whose
 * total the caller caps: cappedOutputDir).
 */
import type { SandboxLimits, SandboxRunOptions } from './Sandbox.ts';
import { SANDBOX_PATHS } from './Sandbox.ts';

export interface HostLayout {
  /** Top-level entries that are symlinks on the host (e.g. /bin -> usr/bin), with their targets. */
  symlinks: Record<string, string>;
  /** Top-level directories to bind read-only when they exist and are not links (e.g. /lib64 on some hosts). */
  dirs: string[];
}

/** What one sandboxed run asks for (see SandboxRunOptions), plus how this host lays out bwrap. */
export interface BwrapArgsInput extends Pick<SandboxRunOptions, 'command' | 'args' | 'sourceDir' | 'outputDir' | 'env' | 'limits'> {
  /** Extra read-only binds: host path -> sandbox path (toolchains: node_modules, drivers). */
  readOnlyBinds: Array<{ host: string; sandbox: string }>;
  host: HostLayout;
  /** Size cap of each tmpfs (/tmp, /build, /dev/shm), in bytes. */
  tmpfsBytes: number;
  /** Largest single file a build may write (RLIMIT_FSIZE), in bytes. */
  maxFileBytes: number;
}

/** /dev/shm is for the odd tool that wants POSIX shared memory, not for build artefacts: it is
 * RAM outside RLIMIT_DATA, so it gets the smaller of this and tmpfsBytes. */
export const SHM_BYTES = 64 * 1024 * 1024;

/** /etc entries that dynamic linkers and toolchains read; nothing else of the host's /etc is visible. */
export const ETC_ALLOWLIST = ['/etc/ld.so.cache', '/etc/ld.so.conf', '/etc/ld.so.conf.d', '/etc/alternatives', '/etc/localtime'];

export function bwrapArgs(input: BwrapArgsInput): string[] {
  const args = ['--unshare-all', '--unshare-user', '--disable-userns', '--die-with-parent', '--new-session', '--hostname', 'errand-build'];
  args.push('--ro-bind', '/usr', '/usr');
  for (const [link, target] of Object.entries(input.host.symlinks)) args.push('--symlink', target, link);
  for (const dir of input.host.dirs) args.push('--ro-bind-try', dir, dir);
  args.push('--dir', '/etc');
  for (const entry of ETC_ALLOWLIST) args.push('--ro-bind-try', entry, entry);
  args.push('--proc', '/proc', '--dev', '/dev');
  args.push('--size', String(Math.min(input.tmpfsBytes, SHM_BYTES)), '--tmpfs', '/dev/shm');
  args.push('--size', String(input.tmpfsBytes), '--tmpfs', '/tmp');
  args.push('--size', String(input.tmpfsBytes), '--tmpfs', SANDBOX_PATHS.build);
  for (const bind of input.readOnlyBinds) args.push('--ro-bind', bind.host, bind.sandbox);
  args.push('--ro-bind', input.sourceDir, SANDBOX_PATHS.source);
  args.push('--bind', input.outputDir, SANDBOX_PATHS.output);
  // Not recursive: the sized tmpfs mounts, /out and the device nodes below them stay as they are.
  args.push('--remount-ro', '/dev', '--remount-ro', '/');
  args.push('--clearenv');
  for (const [key, value] of Object.entries(input.env)) args.push('--setenv', key, value);
  args.push('--chdir', SANDBOX_PATHS.build, '--');
  args.push(...prlimitPrefix(input.limits, input.maxFileBytes), input.command, ...input.args);
  return args;
}

/** prlimit sets hard and soft limits, inherited by every process the build starts. */
export function prlimitPrefix(limits: SandboxLimits, maxFileBytes: number): string[] {
  return [
    '/usr/bin/prlimit',
    `--cpu=${Math.max(1, Math.ceil(limits.cpuSeconds))}`,
    // RLIMIT_DATA, not RLIMIT_AS: V8 and wasm runtimes reserve huge PROT_NONE address ranges that
    // RLIMIT_AS would count; RLIMIT_DATA counts the writable private memory a build really uses.
    `--data=${Math.floor(limits.memoryBytes)}`,
    `--nproc=${Math.max(1, Math.floor(limits.maxProcesses))}`,
    `--fsize=${Math.floor(maxFileBytes)}`,
    '--core=0',
    '--',
  ];
}
