/**
 * One warm worker thread of an executor pool (runs or preparation). It runs one job at a time;
 * `run` resolves with the thread's reply, or with a `timeout`/`crashed`/`aborted` verdict after
 * which the thread is dead (terminated) and must be replaced. A thread that dies on its own (its
 * heap limit, an uncaught error) is a `crashed` verdict for the job it was running: it never takes
 * its parent down.
 */
import type { ResourceLimits, TransferListItem, Worker } from 'node:worker_threads';
import { startTsThread } from '../../../common/threads/startTsThread.ts';

export type ThreadVerdict<R> = { kind: 'reply'; reply: R } | { kind: 'timeout'; elapsedMs: number } | { kind: 'aborted' } | { kind: 'crashed'; reason: string };

export interface ThreadSpec {
  /** The thread's entry module (posts 'ready', then one reply per job). */
  entry: URL;
  resourceLimits: ResourceLimits;
}

export class PoolThread<J, R> {
  private readonly worker: Worker;
  private pending: ((v: ThreadVerdict<R>) => void) | undefined;
  dead = false;

  constructor(spec: ThreadSpec) {
    this.worker = startTsThread(spec.entry, { resourceLimits: spec.resourceLimits, stdout: false, stderr: false });
    this.worker.on('message', (msg: R | 'ready') => {
      if (msg === 'ready') return;
      this.settle({ kind: 'reply', reply: msg });
    });
    this.worker.on('error', (e) => this.die(`thread error: ${e.message}`));
    this.worker.on('exit', (code) => this.die(`thread exited with code ${code}`));
  }

  run(job: J, timeoutMs: number, signal?: AbortSignal, transfer: TransferListItem[] = []): Promise<ThreadVerdict<R>> {
    if (this.dead) return Promise.resolve({ kind: 'crashed', reason: 'thread already stopped' });
    return new Promise((resolve) => {
      const started = performance.now();
      // Node's timers run on the event loop's cached millisecond clock and can fire a little before
      // `timeoutMs` has passed by the high-resolution clock: re-arm for the rest, so a program is
      // never stopped before the time it was given.
      const onTimeLimit = (): void => {
        const elapsedMs = performance.now() - started;
        if (elapsedMs < timeoutMs) {
          timer = setTimeout(onTimeLimit, Math.max(1, Math.ceil(timeoutMs - elapsedMs)));
          return;
        }
        this.kill();
        this.settle({ kind: 'timeout', elapsedMs });
      };
      let timer = setTimeout(onTimeLimit, timeoutMs);
      const onAbort = (): void => {
        this.kill();
        this.settle({ kind: 'aborted' });
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.pending = (v) => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        resolve(v);
      };
      this.worker.postMessage(job, transfer);
    });
  }

  private settle(v: ThreadVerdict<R>): void {
    const pending = this.pending;
    this.pending = undefined;
    pending?.(v);
  }

  private die(reason: string): void {
    this.dead = true;
    this.settle({ kind: 'crashed', reason });
  }

  private kill(): void {
    this.dead = true;
    void this.worker.terminate();
  }

  async close(): Promise<void> {
    this.dead = true;
    await this.worker.terminate();
  }
}
