/**
 * What a caller gives the Executor for one run, and its validation into the normalized form the
 * rest of the executor uses. Invalid options are a caller bug: COMMON__INVALID_ARGUMENT, thrown,
 * never a result.
 */
import { ErrandError } from '../../common/errors/index.ts';
import type { HttpTranscript } from '../../common/types/httpTranscript.ts';
import type { HttpCapability } from './http/HttpCapability.ts';
import { emptyDir, treeBytes, type Preopen } from './wasi/fs/FsTree.ts';

export interface RunOptions {
  /** Bytes on stdin (a string is UTF-8 encoded). */
  input?: string | Uint8Array;
  env?: Record<string, string>;
  /** argv[1..]; argv[0] is `name`. */
  args?: string[];
  /** Instructions the program may execute. */
  fuel: number;
  /** Linear memory cap in MiB. */
  memoryMb: number;
  /** Wall-clock limit in ms, from the moment a thread takes the run. */
  timeoutMs: number;
  /** Seeds random_get; default derived from the input. */
  seed?: number | bigint;
  /** Wall clock at start, ms since the epoch; default derived from the seed/input. */
  startTimeMs?: number;
  /** Real clocks and OS randomness instead of the deterministic ones. */
  nondeterministic?: boolean;
  /** Cap of stdout and of stderr each, in bytes (default 1 MiB). */
  maxOutputBytes?: number;
  /** argv[0] (default 'main.wasm'). */
  name?: string;
  signal?: AbortSignal;
  /** Run without fuel instrumentation (benchmark baseline only: no fuel, no memory cap). */
  unmetered?: boolean;
  /**
   * Opt-in scratch directory preopened at /tmp (preview 1), in memory: the MiB a program may
   * write to the filesystem (in /tmp or in a preopened copy). The filesystem's bytes count toward
   * `memoryMb`: linear memory is capped at what they leave. Without it nothing can be written.
   */
  scratchMb?: number;
  /**
   * In-memory copies of directories to preopen (local runs: `errand run --dir`); their bytes
   * count toward `memoryMb` too. Writes to them use the scratchMb allowance.
   */
  preopens?: Preopen[];
  /**
   * Outbound HTTP the request grants (worker/executor/http/). Without it every exchange the
   * program starts is refused; with it the result carries `transcript` and `transcriptSha256`.
   */
  http?: HttpCapability;
  /** Answer the program's exchanges from this recorded transcript instead of the network (needs `http`). */
  httpReplay?: HttpTranscript;
  /**
   * Names of `env` variables whose values are secrets (from the keystore): wherever a program
   * puts one into a request (URL, header, body), the transcript has its sha256 instead.
   */
  secretEnv?: string[];
}

export const DEFAULT_MAX_OUTPUT_BYTES = 1024 * 1024;
/**
 * The limits `errand run` uses when none are given. Host-call prices (instrument/costModel.ts)
 * are calibrated against them: a loop on any host call spends this fuel well within this time.
 */
export const DEFAULT_RUN_LIMITS = { fuel: 10_000_000_000, memoryMb: 256, timeoutMs: 30_000 } as const;
export const MAX_FUEL = Number.MAX_SAFE_INTEGER;
/** 4 GiB: the whole 32-bit address space. */
export const MAX_MEMORY_MB = 4096;

export interface NormalizedRun {
  input: Uint8Array;
  env: [string, string][];
  args: string[];
  fuel: number;
  memoryMb: number;
  timeoutMs: number;
  maxOutputBytes: number;
  preopens: Preopen[];
  /** Byte cap of the in-memory filesystem (0 without preopens). */
  fsCapBytes: number;
  /** The linear memory cap: memoryMb less what the filesystem may hold. */
  linearMemoryMb: number;
}

const MIB = 1024 * 1024;

/** A run option the caller got wrong: COMMON__INVALID_ARGUMENT naming the field. */
export function bad(field: string, message: string): never {
  throw new ErrandError('COMMON__INVALID_ARGUMENT', message, { field, issues: [message] });
}

/** An integer option in [min, max] (min 1 unless given). */
export function intOption(field: string, value: unknown, max: number, min = 1): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min || value > max) {
    bad(field, `${field} must be an integer in [${min}, ${max}], got ${String(value)}`);
  }
  return value;
}

const positiveInt = (field: string, value: unknown, max: number): number => intOption(field, value, max);

export function normalizeRunOptions(opts: RunOptions): NormalizedRun {
  const input = typeof opts.input === 'string' ? new TextEncoder().encode(opts.input) : (opts.input ?? new Uint8Array(0));
  const env = Object.entries(opts.env ?? {});
  for (const [k, v] of env) {
    if (k === '' || k.includes('=') || k.includes('\0') || typeof v !== 'string' || v.includes('\0')) {
      bad('env', `invalid environment variable '${k}'`);
    }
  }
  const args = opts.args ?? [];
  if (args.some((a) => typeof a !== 'string' || a.includes('\0'))) bad('args', 'args must be strings without NUL');
  const name = opts.name ?? 'main.wasm';
  const memoryMb = positiveInt('memoryMb', opts.memoryMb, MAX_MEMORY_MB);
  const preopens = [...(opts.preopens ?? [])];
  for (const p of preopens) {
    if (typeof p.guestPath !== 'string' || p.guestPath === '' || p.guestPath.includes('\0') || p.tree?.type !== 'dir') {
      bad('preopens', `preopen ${String(p.guestPath)} must be a guest path (non-empty, no NUL) with a directory tree`);
    }
  }
  let fsCapBytes = preopens.reduce((n, p) => n + treeBytes(p.tree), 0);
  if (opts.scratchMb !== undefined) {
    const scratchMb = positiveInt('scratchMb', opts.scratchMb, MAX_MEMORY_MB);
    preopens.push({ guestPath: '/tmp', tree: emptyDir() });
    // The allowance includes what /tmp's own directory costs.
    fsCapBytes += scratchMb * MIB;
  }
  const fsMb = Math.ceil(fsCapBytes / MIB);
  if (fsMb >= memoryMb) bad('memoryMb', `memoryMb (${memoryMb}) must exceed what the filesystem may hold (${fsMb} MiB)`);
  return {
    input,
    env,
    args: [name, ...args],
    fuel: positiveInt('fuel', opts.fuel, MAX_FUEL),
    memoryMb,
    timeoutMs: positiveInt('timeoutMs', opts.timeoutMs, 24 * 3600 * 1000),
    maxOutputBytes: opts.maxOutputBytes === undefined ? DEFAULT_MAX_OUTPUT_BYTES : positiveInt('maxOutputBytes', opts.maxOutputBytes, 1 << 30),
    preopens,
    fsCapBytes,
    linearMemoryMb: memoryMb - fsMb,
  };
}
