/**
 * `errand run FILE [--input STR | --input-file F] [--env K=V]... [--arg A]... [--fuel N]
 * [--memory-mb N] [--timeout-ms N] [--seed N] [--scratch-mb N] [--dir HOST[::GUEST]]... [--secret K=V]...
 * [--http-allow HOST]... [--http-max-requests N] [--http-max-response-bytes N] [--record T.json | --replay T.json] [--json]`:
 * runs a WASI preview 1 module or preview 2 command component locally with metering,
 * deterministically (seed and clock from --seed or the input). Without --input or --input-file, the
 * input is standard input when it is piped or redirected from a file (never a terminal or a socket).
 * --scratch-mb preopens an empty in-memory /tmp; --dir preopens an in-memory copy of a host directory (never written back). With --json, prints exactly one JSON object: the ExecutionResult. Otherwise prints the
 * program's stdout (stderr to stderr) and a one-line summary on stderr.
 * HTTP: --http-allow grants the program outbound HTTP to HOST (repeatable; exact names, optional
 * :port, optional leading `*.`), in development mode (plain http and loopback allowed: this is a
 * local run); --record writes the run's transcript to T.json; --replay answers the program's
 * exchanges from T.json with no network (same output, same fuel). --secret K=V is --env K=V whose
 * value the transcript replaces by its sha256. Exit 0 whenever the run
 * happened, whatever its status; 2 for bad arguments or unreadable files.
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ErrandError, isErrandError, toErrandError } from '../../common/errors/index.ts';
import type { ExecutionResult } from '../../common/types/execution.ts';
import { DEFAULT_RUN_LIMITS, Executor, type RunOptions } from '../../worker/executor/index.ts';
import { parseTranscript } from '../../worker/executor/http/transcript/parseTranscript.ts';
import type { Preopen } from '../../worker/executor/wasi/fs/FsTree.ts';
import { readPipedStdin } from '../run/pipedStdin.ts';
import { DirCopyError, readHostDir } from '../run/readHostDir.ts';

export const summary = 'run a WASI module or component with fuel, memory and time limits: run FILE [--input STR] [--json]';

const USAGE =
  'usage: errand run FILE [--input STR | --input-file F] [--env K=V]... [--secret K=V]... [--arg A]... [--fuel N] [--memory-mb N] [--timeout-ms N] [--seed N] [--scratch-mb N] [--dir HOST[::GUEST]]... [--http-allow HOST]... [--http-max-requests N] [--http-max-response-bytes N] [--record T.json | --replay T.json] [--json]';
const DEFAULTS = DEFAULT_RUN_LIMITS;
/** Scratch allowance (and /tmp) a run with --dir gets when --scratch-mb is not given. */
const DEFAULT_DIR_SCRATCH_MB = 16;

function badArgument(message: string, field?: string): ErrandError<'COMMON__INVALID_ARGUMENT'> {
  return new ErrandError('COMMON__INVALID_ARGUMENT', `${message} (${USAGE})`, { issues: [message], ...(field ? { field } : {}) });
}

function integer(flag: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(Number(text)) || Number(text) < 1) {
    throw badArgument(`--${flag} must be a positive integer, got '${text}'`, flag);
  }
  return Number(text);
}

async function readOrFail(file: string, what: string): Promise<Uint8Array> {
  try {
    return new Uint8Array(await readFile(file));
  } catch (e) {
    throw badArgument(`cannot read ${what} ${file}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`, what);
  }
}

function parseEnv(pairs: string[]): Record<string, string> {
  const env: Record<string, string> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw badArgument(`--env expects K=V, got '${pair}'`, 'env');
    env[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  return env;
}

/**
 * Whatever the module does, the command prints one result: an executor failure that is not about
 * the arguments becomes a `trap` result with its code instead of an exception.
 */
async function runOrReport(executor: Executor, wasm: Uint8Array, options: Parameters<Executor['run']>[1]): Promise<ExecutionResult> {
  try {
    return await executor.run(wasm, options);
  } catch (e) {
    if (isErrandError(e, 'COMMON__INVALID_ARGUMENT')) throw e;
    const err = toErrandError(e);
    return {
      status: 'trap',
      exitCode: null,
      fuelUsed: 0,
      timeMs: 0,
      stdout: '',
      stderr: '',
      stdoutTruncated: false,
      stderrTruncated: false,
      error: { code: err.code, message: err.message },
    };
  }
}

async function readDirs(specs: string[]): Promise<Preopen[]> {
  const out: Preopen[] = [];
  for (const spec of specs) {
    try {
      out.push(await readHostDir(spec));
    } catch (e) {
      if (e instanceof DirCopyError) throw badArgument(e.message, 'dir');
      throw badArgument(`cannot read --dir ${spec}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`, 'dir');
    }
  }
  return out;
}

/** Default HTTP limits of a local run with --http-allow (a request names its own). */
const DEFAULT_HTTP = { maxRequests: 100, maxResponseBytes: 10 * 1024 * 1024 };

async function httpOptions(v: Record<string, string | string[] | boolean | undefined>): Promise<Pick<RunOptions, 'http' | 'httpReplay'>> {
  const allow = (v['http-allow'] as string[] | undefined) ?? [];
  const record = v.record as string | undefined;
  const replay = v.replay as string | undefined;
  if (record !== undefined && replay !== undefined) throw badArgument('give --record or --replay, not both', 'record');
  if (allow.length === 0) {
    if (record !== undefined || replay !== undefined) throw badArgument('--record and --replay need --http-allow HOST', 'http-allow');
    return {};
  }
  const http = {
    allow,
    maxRequests: integer('http-max-requests', v['http-max-requests'] as string | undefined, DEFAULT_HTTP.maxRequests),
    maxResponseBytes: integer('http-max-response-bytes', v['http-max-response-bytes'] as string | undefined, DEFAULT_HTTP.maxResponseBytes),
  };
  if (replay === undefined) return { http };
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder().decode(await readOrFail(replay, 'replay')));
  } catch (e) {
    if (isErrandError(e)) throw e;
    throw badArgument(`--replay ${replay} is not JSON`, 'replay');
  }
  try {
    return { http, httpReplay: parseTranscript(parsed) };
  } catch (e) {
    throw badArgument(`--replay ${replay}: ${(e as Error).message}`, 'replay');
  }
}

export async function run(argv: string[]): Promise<number> {
  const parsed = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      input: { type: 'string' },
      'input-file': { type: 'string' },
      env: { type: 'string', multiple: true },
      arg: { type: 'string', multiple: true },
      fuel: { type: 'string' },
      'memory-mb': { type: 'string' },
      'timeout-ms': { type: 'string' },
      seed: { type: 'string' },
      'scratch-mb': { type: 'string' },
      dir: { type: 'string', multiple: true },
      secret: { type: 'string', multiple: true },
      'http-allow': { type: 'string', multiple: true },
      'http-max-requests': { type: 'string' },
      'http-max-response-bytes': { type: 'string' },
      record: { type: 'string' },
      replay: { type: 'string' },
      json: { type: 'boolean' },
    },
  });
  const v = parsed.values;
  const [file, ...extra] = parsed.positionals;
  if (!file || extra.length > 0) throw badArgument('expected exactly one FILE');
  if (v.input !== undefined && v['input-file'] !== undefined) throw badArgument('give --input or --input-file, not both', 'input');
  if (v.seed !== undefined && !/^\d+$/.test(v.seed)) throw badArgument(`--seed must be a non-negative integer, got '${v.seed}'`, 'seed');
  const secrets = parseEnv(v.secret ?? []);
  const http = await httpOptions(v);
  const options = {
    env: { ...parseEnv(v.env ?? []), ...secrets },
    secretEnv: Object.keys(secrets),
    ...http,
    args: v.arg ?? [],
    fuel: integer('fuel', v.fuel, DEFAULTS.fuel),
    memoryMb: integer('memory-mb', v['memory-mb'], DEFAULTS.memoryMb),
    timeoutMs: integer('timeout-ms', v['timeout-ms'], DEFAULTS.timeoutMs),
    seed: v.seed === undefined ? undefined : BigInt(v.seed),
    name: path.basename(file),
    // Copies given with --dir are writable: they get a scratch allowance unless one was given.
    scratchMb: v['scratch-mb'] === undefined ? (v.dir?.length ? DEFAULT_DIR_SCRATCH_MB : undefined) : integer('scratch-mb', v['scratch-mb'], 1),
    preopens: await readDirs(v.dir ?? []),
  };
  const wasm = await readOrFail(file, 'FILE');
  const input = v['input-file'] !== undefined ? await readOrFail(v['input-file'], 'input-file') : (v.input ?? readPipedStdin() ?? '');

  // A local run is development mode: plain http and loopback servers are allowed.
  const executor = new Executor({ threads: 1, http: { devMode: true } });
  try {
    const result = await runOrReport(executor, wasm, { ...options, input });
    if (v.record !== undefined && result.transcript) await writeFile(v.record, `${JSON.stringify(result.transcript, null, 2)}\n`);
    if (v.json) {
      process.stdout.write(`${JSON.stringify(result)}\n`);
      return 0;
    }
    process.stdout.write(result.stdout);
    process.stderr.write(result.stderr);
    const flags = [result.stdoutTruncated ? ' stdout_truncated' : '', result.stderrTruncated ? ' stderr_truncated' : ''].join('');
    const reason = result.error ? ` error=${result.error.code}: ${result.error.message}` : '';
    const exchanges = result.transcript ? ` http_exchanges=${result.transcript.exchanges.length} transcript_sha256=${result.transcriptSha256}` : '';
    process.stderr.write(
      `errand run: status=${result.status} exit=${result.exitCode ?? '-'} fuel=${result.fuelUsed} time_ms=${result.timeMs.toFixed(1)}${exchanges}${flags}${reason}\n`,
    );
    return 0;
  } finally {
    await executor.close();
  }
}

export { USAGE as usage };
