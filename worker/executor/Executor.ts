/**
 * The executor: runs a WASI preview 1 command module or a preview 2 command component under fuel,
 * memory, wall-clock and output limits, deterministically unless asked otherwise. Modules (and
 * transpiled components) are prepared once per (sha256, memory cap) and kept in an LRU cache;
 * runs go to a pool of warm worker threads, and a run that passes its deadline has its thread
 * terminated (status `timeout`) and replaced.
 *
 * Not promised: output of a run that timed out (it is lost with the thread), and fuel of a timed
 * out run (reported as the whole budget, which the run had the right to use).
 */
import { createHash } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { ErrandError } from '../../common/errors/index.ts';
import { throwIfAborted } from '../../common/abort.ts';
import { trackResource } from '../../common/testing/leaks.ts';
import type { ExecutionResult } from '../../common/types/execution.ts';
import { deriveRunSeed } from './determinism/deriveRunSeed.ts';
import { detectWasmKind } from './detectWasmKind.ts';
import { ThreadPool } from './pool/ThreadPool.ts';
import { LruCache } from './prepare/LruCache.ts';
import { failed, type Prepared } from './prepare/Prepared.ts';
import { prepareComponent } from './prepare/prepareComponent.ts';
import { prepareModule } from './prepare/prepareModule.ts';
import { hostResult } from './results.ts';
import { normalizeRunOptions, type RunOptions } from './RunOptions.ts';
import type { ThreadJob } from './thread/protocol.ts';

export interface ExecutorOptions {
  /** Warm threads, i.e. runs at once (default: CPU count, at most 4). */
  threads?: number;
  /** Prepared modules/components kept (default 64). */
  cacheEntries?: number;
}

export class Executor {
  private readonly pool: ThreadPool;
  private readonly cache: LruCache<string, Promise<Prepared>>;
  private readonly untrack: () => void;
  private nextId = 1;
  private closed = false;

  constructor(opts: ExecutorOptions = {}) {
    const threads = opts.threads ?? Math.min(4, availableParallelism());
    if (!Number.isSafeInteger(threads) || threads < 1) {
      throw new ErrandError('COMMON__INVALID_ARGUMENT', 'threads must be a positive integer', { field: 'threads' });
    }
    this.cache = new LruCache(opts.cacheEntries ?? 64);
    this.pool = new ThreadPool(threads);
    this.untrack = trackResource(`Executor (${threads} worker threads)`);
  }

  async run(wasm: Uint8Array, opts: RunOptions): Promise<ExecutionResult> {
    if (this.closed) throw new ErrandError('EXECUTOR__CLOSED', 'the executor is closed', {});
    const run = normalizeRunOptions(opts);
    const seed = deriveRunSeed(run.input, opts.seed, opts.startTimeMs);
    throwIfAborted(opts.signal, 'execution');
    const started = performance.now();
    const metered = !opts.unmetered;
    const prepared = await this.prepare(wasm, run.memoryMb, metered);
    if (prepared.kind === 'failed') return hostResult(prepared.status, prepared.error, 0, performance.now() - started);
    throwIfAborted(opts.signal, 'execution');

    const common = {
      id: this.nextId++,
      input: run.input,
      args: run.args,
      env: run.env,
      seedKey: seed.key,
      startRealtimeNs: seed.startRealtimeNs,
      nondeterministic: opts.nondeterministic === true,
      maxOutputBytes: run.maxOutputBytes,
      metered,
      fuel: run.fuel,
      memoryMb: run.memoryMb,
    };
    const job: ThreadJob =
      prepared.kind === 'module'
        ? { ...common, kind: 'module', module: prepared.module }
        : { ...common, kind: 'component', key: prepared.key, jsSource: prepared.jsSource, coreModules: prepared.coreModules };
    const verdict = await this.pool.run(job, run.timeoutMs, opts.signal);
    switch (verdict.kind) {
      case 'reply':
        return verdict.reply.result;
      case 'timeout':
        return hostResult(
          'timeout',
          { code: 'EXECUTOR__TIMEOUT', message: `wall-clock limit of ${run.timeoutMs} ms reached` },
          run.fuel,
          verdict.elapsedMs,
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
        );
      }
    }
  }

  private prepare(wasm: Uint8Array, memoryMb: number, metered: boolean): Promise<Prepared> {
    const kind = detectWasmKind(wasm);
    if (kind === 'invalid') {
      return Promise.resolve(failed('invalid_module', 'EXECUTOR__NOT_WASM', 'not a WebAssembly module or component (bad preamble)'));
    }
    const digest = createHash('sha256').update(wasm).digest('hex');
    const key = `${kind}:${digest}:${memoryMb}:${metered ? 'metered' : 'unmetered'}`;
    const hit = this.cache.get(key);
    if (hit) return hit;
    const pending =
      kind === 'module' ? prepareModule(wasm, memoryMb, metered) : prepareComponent(wasm, memoryMb, metered, key);
    // A crash while preparing is not a property of the bytes: do not cache it.
    pending.catch(() => this.cache.delete(key));
    this.cache.set(key, pending);
    return pending;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pool.close();
    this.untrack();
  }
}
