/**
 * One warm worker thread of the executor pool. It runs one job at a time; `run` resolves with the
 * thread's reply, or with a `timeout`/`crashed`/`aborted` verdict after which the thread is dead
 * (terminated) and must be replaced.
 */
import type { Worker } from 'node:worker_threads';
import { startTsThread } from '../../../common/threads/startTsThread.ts';
import type { ThreadJob, ThreadReply } from '../thread/protocol.ts';

export type ThreadVerdict =
  | { kind: 'reply'; reply: ThreadReply }
  | { kind: 'timeout'; elapsedMs: number }
  | { kind: 'aborted' }
  | { kind: 'crashed'; reason: string };

const ENTRY = new URL('../thread/threadMain.ts', import.meta.url);

export class PoolThread {
  private readonly worker: Worker;
  private pending: ((v: ThreadVerdict) => void) | undefined;
  dead = false;

  constructor(stackSizeMb: number) {
    this.worker = startTsThread(ENTRY, {
      // The JS heap of a thread only holds host objects and jco glue; guest linear memory is
      // capped separately (instrumented memory maximum).
      resourceLimits: { maxOldGenerationSizeMb: 256, stackSizeMb },
      stdout: false,
      stderr: false,
    });
    this.worker.on('message', (msg: ThreadReply | 'ready') => {
      if (msg === 'ready') return;
      this.settle({ kind: 'reply', reply: msg });
    });
    this.worker.on('error', (e) => this.die(`thread error: ${e.message}`));
    this.worker.on('exit', (code) => this.die(`thread exited with code ${code}`));
  }

  run(job: ThreadJob, timeoutMs: number, signal?: AbortSignal): Promise<ThreadVerdict> {
    if (this.dead) return Promise.resolve({ kind: 'crashed', reason: 'thread already stopped' });
    return new Promise((resolve) => {
      const started = performance.now();
      // Node's timers run on the event loop's cached millisecond clock and can fire a little before
      // `timeoutMs` has passed by the high-resolution clock: re-arm for the rest, so a program is
      // never stopped before the time it was given.
      const onDeadline = (): void => {
        const elapsedMs = performance.now() - started;
        if (elapsedMs < timeoutMs) {
          timer = setTimeout(onDeadline, Math.max(1, Math.ceil(timeoutMs - elapsedMs)));
          return;
        }
        this.kill();
        this.settle({ kind: 'timeout', elapsedMs });
      };
      let timer = setTimeout(onDeadline, timeoutMs);
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
      this.worker.postMessage(job);
    });
  }

  private settle(v: ThreadVerdict): void {
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
