/**
 * Wake-ups for long-polling workers and log followers. A wake is a hint, never data: a missed
 * wake only delays a worker until its next fallback poll of the database. Waiters register before
 * the caller checks the database, so a wake published in between is not lost.
 */
export interface Waiter {
  /** true when woken, false after `ms` or when `signal` aborts. Resolves once. */
  wait(ms: number, signal?: AbortSignal): Promise<boolean>;
  cancel(): void;
}

export interface WakeBus {
  readonly kind: 'redis' | 'in-process';
  /** Wakes every waiter of `topic` in this process and, with Redis, in every coordinator. */
  publish(topic: string): Promise<void>;
  waiter(topic: string): Waiter;
  /** Whether cross-process delivery currently works (health, metrics). */
  healthy(): boolean;
  close(): Promise<void>;
}

/** The per-process waiter registry both buses deliver into. */
export class LocalWaiters {
  private readonly byTopic = new Map<string, Set<() => void>>();

  notify(topic: string): void {
    const set = this.byTopic.get(topic);
    if (!set) return;
    this.byTopic.delete(topic);
    for (const fn of set) fn();
  }

  waiter(topic: string): Waiter {
    let fired = false;
    let resolveWait: ((woken: boolean) => void) | undefined;
    const onWake = (): void => {
      fired = true;
      resolveWait?.(true);
    };
    const set = this.byTopic.get(topic) ?? new Set<() => void>();
    set.add(onWake);
    this.byTopic.set(topic, set);
    const remove = (): void => {
      const s = this.byTopic.get(topic);
      s?.delete(onWake);
      if (s && s.size === 0) this.byTopic.delete(topic);
    };
    return {
      wait: (ms, signal) =>
        new Promise<boolean>((resolve) => {
          if (fired) return resolve(true);
          if (signal?.aborted) {
            remove();
            return resolve(false);
          }
          const done = (woken: boolean): void => {
            clearTimeout(timer);
            signal?.removeEventListener('abort', onAbort);
            remove();
            resolve(woken);
          };
          const onAbort = (): void => done(false);
          const timer = setTimeout(() => done(false), ms);
          resolveWait = done;
          signal?.addEventListener('abort', onAbort, { once: true });
        }),
      cancel: remove,
    };
  }
}
