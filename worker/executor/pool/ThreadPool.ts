/**
 * A fixed number of warm executor threads and a FIFO queue of jobs waiting for one. A thread that
 * timed out, was aborted or crashed is replaced by a fresh one before the next job, so later runs
 * never inherit a half-dead thread.
 */
import type { TransferListItem } from 'node:worker_threads';
import { ErrandError } from '../../../common/errors/index.ts';
import { PoolThread, type ThreadSpec, type ThreadVerdict } from './PoolThread.ts';

interface Waiter<J, R> {
  grant(thread: PoolThread<J, R>): void;
  refuse(e: Error): void;
}

export class ThreadPool<J, R> {
  private readonly idle: PoolThread<J, R>[] = [];
  private readonly all = new Set<PoolThread<J, R>>();
  private readonly waiters: Waiter<J, R>[] = [];
  private closed = false;

  constructor(
    readonly size: number,
    private readonly spec: ThreadSpec,
  ) {
    for (let i = 0; i < size; i++) this.idle.push(this.spawn());
  }

  private spawn(): PoolThread<J, R> {
    const t = new PoolThread<J, R>(this.spec);
    this.all.add(t);
    return t;
  }

  async run(job: J, timeoutMs: number, signal?: AbortSignal, transfer?: TransferListItem[]): Promise<ThreadVerdict<R>> {
    const thread = await this.acquire();
    try {
      return await thread.run(job, timeoutMs, signal, transfer);
    } finally {
      this.release(thread);
    }
  }

  private acquire(): Promise<PoolThread<J, R>> {
    if (this.closed) return Promise.reject(new ErrandError('EXECUTOR__CLOSED', 'the executor is closed', {}));
    const thread = this.idle.pop();
    if (thread) return Promise.resolve(thread);
    return new Promise((grant, refuse) => this.waiters.push({ grant, refuse }));
  }

  private release(thread: PoolThread<J, R>): void {
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
