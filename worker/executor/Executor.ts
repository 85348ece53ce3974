/**
 * The executor: runs a WASI preview 1 command module or a preview 2 command component under fuel,
 * memory, wall-clock and output limits, deterministically unless asked otherwise. Modules (and
 * transpiled components) are prepared once per (sha256, memory cap) and kept in an LRU cache;
 * preparation (instrumenting, compiling) runs in its own thread under its own deadline and heap
 * limit, never on the caller's thread. Runs go to a pool of warm worker threads; a run that passes
 * its deadline has its thread terminated (status `timeout`, with the output it wrote before, read
 * from the shared capture buffers) and replaced. A thread that dies any other way is a result too.
 *
 * Not promised: fuel of a timed out run (reported as the whole budget, which the run had the
 * right to use).
 */
import { createHash } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { ErrandError } from '../../common/errors/index.ts';
import { throwIfAborted } from '../../common/abort.ts';
import { trackResource } from '../../common/testing/leaks.ts';
import type { ExecutionResult } from '../../common/types/execution.ts';
import { deriveRunSeed } from './determinism/deriveRunSeed.ts';
import { detectWasmKind } from './detectWasmKind.ts';
import { checkModuleSize } from './instrument/moduleCaps.ts';
import { ThreadPool } from './pool/ThreadPool.ts';
import { LruCache } from './prepare/LruCache.ts';
import { failed, type Prepared } from './prepare/Prepared.ts';
import type { PrepareJob, PrepareReply } from './prepare/prepareProtocol.ts';
import { instrumentFailure } from './prepare/instrumentError.ts';
import type { HttpHostOptions } from './http/HttpCapability.ts';
import { openRunHttp, type RunHttp } from './http/openRunHttp.ts';
import { hostResult } from './results.ts';
import { normalizeRunOptions, type NormalizedRun, type RunOptions } from './RunOptions.ts';
import type { ThreadJob, ThreadReply } from './thread/protocol.ts';
import { newCaptureBuffer } from './wasi/CappedOutput.ts';

export interface ExecutorOptions {
  /** Warm threads, i.e. runs at once (default: CPU count, at most 4). */
  threads?: number;
  /** Prepared modules/components kept (default 64). */
  cacheEntries?: number;
  /** Threads preparing modules at once (default 1). */
  prepareThreads?: number;
  /** Wall-clock limit of one preparation (instrument + compile, or transpile), ms (default 60 s). */
  prepareTimeoutMs?: number;
  /** Heap limit of a preparation thread, MiB (default 512). */
  prepareHeapMb?: number;
  /** This worker's HTTP host settings (development mode, test CAs, exchange timeout) for runs with an http capability. */
  http?: HttpHostOptions;
}

const RUN_THREAD = new URL('./thread/threadMain.ts', import.meta.url);
const PREPARE_THREAD = new URL('./prepare/prepareThreadMain.ts', import.meta.url);
/**
 * A run thread's JS heap only holds host objects and jco glue: guest linear memory is capped
 * separately (instrumented memory maximum), tables and other V8-heap resources by the module caps
 * (instrument/moduleCaps.ts), host objects by fuel. The heap limit is a last resort.
 */
const RUN_THREAD_HEAP_MB = 256;

/** `pending`, or COMMON__ABORTED as soon as `signal` aborts (`pending` itself goes on). */
function untilAborted<T>(pending: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return pending;
  throwIfAborted(signal, 'execution');
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(new ErrandError('COMMON__ABORTED', 'execution was aborted', { operation: 'execution' }));
    signal.addEventListener('abort', onAbort, { once: true });
    pending.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(e instanceof Error ? e : new Error(String(e)));
      },
    );
  });
}

function positive(field: string, value: number): number {
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new ErrandError('COMMON__INVALID_ARGUMENT', `${field} must be a positive integer`, { field });
  }
  return value;
}

export class Executor {
  private readonly pool: ThreadPool<ThreadJob, ThreadReply>;
  private readonly preparers: ThreadPool<PrepareJob, PrepareReply>;
  private readonly prepareTimeoutMs: number;
  private readonly cache: LruCache<string, Promise<Prepared>>;
  private readonly untrack: () => void;
  private readonly httpOptions: HttpHostOptions;
  private nextId = 1;
  private closed = false;

  constructor(opts: ExecutorOptions = {}) {
    const threads = positive('threads', opts.threads ?? Math.min(4, availableParallelism()));
    const prepareThreads = positive('prepareThreads', opts.prepareThreads ?? 1);
    this.prepareTimeoutMs = positive('prepareTimeoutMs', opts.prepareTimeoutMs ?? 60_000);
    const prepareHeapMb = positive('prepareHeapMb', opts.prepareHeapMb ?? 512);
    this.cache = new LruCache(opts.cacheEntries ?? 64);
    this.httpOptions = { ...opts.http };
    this.pool = new ThreadPool(threads, { entry: RUN_THREAD, resourceLimits: { maxOldGenerationSizeMb: RUN_THREAD_HEAP_MB, stackSizeMb: 4 } });
    this.preparers = new ThreadPool(prepareThreads, {
      entry: PREPARE_THREAD,
      resourceLimits: { maxOldGenerationSizeMb: prepareHeapMb, stackSizeMb: 4 },
    });
    this.untrack = trackResource(`Executor (${threads} worker threads, ${prepareThreads} preparation threads)`);
  }

  async run(wasm: Uint8Array, opts: RunOptions): Promise<ExecutionResult> {
    if (this.closed) throw new ErrandError('EXECUTOR__CLOSED', 'the executor is closed', {});
    const run = normalizeRunOptions(opts);
    const http = openRunHttp(opts, this.httpOptions);
    if (!http) return this.runPrepared(wasm, opts, run);
    let result: ExecutionResult;
    try {
      result = await this.runPrepared(wasm, opts, run, http);
    } catch (e) {
      http.finish();
      throw e;
    }
    // After the thread is done (replied, terminated at the deadline, crashed): nothing more can be recorded.
    return { ...result, ...http.finish() };
  }

  private async runPrepared(wasm: Uint8Array, opts: RunOptions, run: NormalizedRun, http?: RunHttp): Promise<ExecutionResult> {
    const seed = deriveRunSeed(run.input, opts.seed, opts.startTimeMs);
    throwIfAborted(opts.signal, 'execution');
    const started = performance.now();
    const metered = !opts.unmetered;
    const prepared = await untilAborted(this.prepare(wasm, run.linearMemoryMb, metered), opts.signal);
    if (prepared.kind === 'failed') return hostResult(prepared.status, prepared.error, 0, performance.now() - started);
    throwIfAborted(opts.signal, 'execution');

    const captures = { stdoutBuffer: newCaptureBuffer(run.maxOutputBytes), stderrBuffer: newCaptureBuffer(run.maxOutputBytes) };
    const common = {
      id: this.nextId++,
      input: run.input,
      args: run.args,
      env: run.env,
      seedKey: seed.key,
      startRealtimeNs: seed.startRealtimeNs,
      nondeterministic: opts.nondeterministic === true,
      maxOutputBytes: run.maxOutputBytes,
      ...captures,
      preopens: run.preopens,
      fsCapBytes: run.fsCapBytes,
      metered,
      fuel: run.fuel,
      memoryMb: run.linearMemoryMb,
      ...(http ? { http: http.ends } : {}),
    };
    const job: ThreadJob =
      prepared.kind === 'module'
        ? { ...common, kind: 'module', module: prepared.module }
        : { ...common, kind: 'component', key: prepared.key, jsSource: prepared.jsSource, coreModules: prepared.coreModules };
    const verdict = await this.pool.run(job, run.timeoutMs, opts.signal, http?.transfer);
    switch (verdict.kind) {
      case 'reply':
        return verdict.reply.result;
      case 'timeout':
        return hostResult(
          'timeout',
          { code: 'EXECUTOR__TIMEOUT', message: `wall-clock limit of ${run.timeoutMs} ms reached` },
          run.fuel,
          verdict.elapsedMs,
          captures,
        );
      case 'aborted':
        throw new ErrandError('COMMON__ABORTED', 'execution was aborted', { operation: 'execution' });
      case 'crashed': {
        const oom = /out of memory/i.test(verdict.reason);
        return hostResult(
          oom ? 'memory_limit' : 'trap',
          { code: oom ? 'EXECUTOR__OUT_OF_MEMORY' : 'EXECUTOR__THREAD_CRASHED', message: verdict.reason },
          0,
          performance.now() - started,
          captures,
        );
      }
    }
  }

  /**
   * The preparation is shared by every run of the same bytes (cached promise), so one caller's
   * abort must not stop it: callers stop waiting (untilAborted), the preparation's own deadline
   * bounds it.
   */
  private prepare(wasm: Uint8Array, memoryMb: number, metered: boolean): Promise<Prepared> {
    const kind = detectWasmKind(wasm);
    if (kind === 'invalid') {
      return Promise.resolve(failed('invalid_module', 'EXECUTOR__NOT_WASM', 'not a WebAssembly module or component (bad preamble)'));
    }
    try {
      checkModuleSize(wasm.length);
    } catch (e) {
      return Promise.resolve(instrumentFailure(e));
    }
    const digest = createHash('sha256').update(wasm).digest('hex');
    const key = `${kind}:${digest}:${memoryMb}:${metered ? 'metered' : 'unmetered'}`;
    const hit = this.cache.get(key);
    if (hit) return hit;
    const pending = this.prepareInThread({ id: this.nextId++, kind, bytes: wasm, memoryMb, metered, key });
    // A preparation that timed out or crashed is not a property of the bytes: do not cache it.
    pending.then(
      (p) => {
        if (p.kind === 'failed' && p.transient) this.cache.delete(key);
      },
      () => this.cache.delete(key),
    );
    this.cache.set(key, pending);
    return pending;
  }

  private async prepareInThread(job: PrepareJob): Promise<Prepared> {
    const verdict = await this.preparers.run(job, this.prepareTimeoutMs);
    switch (verdict.kind) {
      case 'reply':
        return verdict.reply.prepared;
      case 'timeout':
        return {
          ...failed('timeout', 'EXECUTOR__PREPARE_TIMEOUT', `preparing the module passed its limit of ${this.prepareTimeoutMs} ms`),
          transient: true,
        };
      case 'aborted':
        throw new ErrandError('COMMON__ABORTED', 'execution was aborted', { operation: 'execution' });
      case 'crashed':
        return {
          ...failed('memory_limit', 'EXECUTOR__PREPARE_OUT_OF_MEMORY', `the preparation thread died: ${verdict.reason}`),
          transient: true,
        };
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all([this.pool.close(), this.preparers.close()]);
    this.untrack();
  }
}
