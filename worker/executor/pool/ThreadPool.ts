/**
 * A fixed number of warm executor threads and a FIFO queue of jobs waiting for one. A thread that
 * timed out, was aborted or crashed is replaced by a fresh one before the next job, so later runs
 * never inherit a half-dead thread.
 */
import { ErrandError } from '../../../common/errors/index.ts';
import type { ThreadJob } from '../thread/protocol.ts';
import { PoolThread, type ThreadVerdict } from './PoolThread.ts';

interface Waiter {
  grant(thread: PoolThread): void;
  refuse(e: Error): void;
}

export class ThreadPool {
  private readonly idle: PoolThread[] = [];
  private readonly all = new Set<PoolThread>();
  private readonly waiters: Waiter[] = [];
  private closed = false;

  constructor(
    readonly size: number,
    private readonly stackSizeMb = 4,
  ) {
    for (let i = 0; i < size; i++) this.idle.push(this.spawn());
  }

  private spawn(): PoolThread {
    const t = new PoolThread(this.stackSizeMb);
    this.all.add(t);
    return t;
  }

  async run(job: ThreadJob, timeoutMs: number, signal?: AbortSignal): Promise<ThreadVerdict> {
    const thread = await this.acquire();
    try {
      return await thread.run(job, timeoutMs, signal);
    } finally {
      this.release(thread);
    }
  }

  private acquire(): Promise<PoolThread> {
    if (this.closed) return Promise.reject(new ErrandError('EXECUTOR__CLOSED', 'the executor is closed', {}));
    const thread = this.idle.pop();
    if (thread) return Promise.resolve(thread);
    return new Promise((grant, refuse) => this.waiters.push({ grant, refuse }));
  }

  private release(thread: PoolThread): void {
    let next = thread;
    if (thread.dead) {
      this.all.delete(thread);
      void thread.close();
      if (this.closed) return;
      next = this.spawn();
    }
    if (this.closed) return;
    const waiter = this.waiters.shift();
    if (waiter) waiter.grant(next);
    else this.idle.push(next);
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const w of this.waiters.splice(0)) w.refuse(new ErrandError('EXECUTOR__CLOSED', 'the executor is closed', {}));
    await Promise.all([...this.all].map((t) => t.close()));
    this.all.clear();
    this.idle.length = 0;
  }
}
