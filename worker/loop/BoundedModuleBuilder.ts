/**
 * A ModuleBuilder that runs at most `maxBuilds` builds at once; the rest wait their turn in order.
 * The job loop's lanes are many because most of a lane's life is spent waiting on the network (the
 * coordinator, the keystore, the chain executing its resolve transaction), while a build takes a
 * core and hundreds of MiB: builds get their own, smaller bound. A build whose signal aborts while
 * it waits leaves the queue with COMMON__ABORTED. Pinning (a git ls-remote) is not bounded.
 */
import { ErrandError } from '../../common/errors/index.ts';
import type { ExecutionSource } from '../../common/types/index.ts';
import type { BuiltModule, ModuleBuilder } from './ModuleBuilder.ts';

export class BoundedModuleBuilder implements ModuleBuilder {
  private running = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(
    private readonly inner: ModuleBuilder,
    private readonly maxBuilds: number,
  ) {
    if (!Number.isInteger(maxBuilds) || maxBuilds < 1)
      throw new ErrandError('COMMON__INVALID_ARGUMENT', `maxBuilds must be a positive integer, got ${maxBuilds}`, { field: 'maxBuilds' });
  }

  pin(source: ExecutionSource, signal: AbortSignal): Promise<ExecutionSource> {
    return this.inner.pin(source, signal);
  }

  async build(pinned: ExecutionSource, options: Parameters<ModuleBuilder['build']>[1]): Promise<BuiltModule> {
    await this.acquire(options.signal);
    try {
      return await this.inner.build(pinned, options);
    } finally {
      this.release();
    }
  }

  /** Builds running now and waiting for a slot (for tests and diagnostics). */
  get load(): { running: number; waiting: number } {
    return { running: this.running, waiting: this.waiting.length };
  }

  private acquire(signal: AbortSignal): Promise<void> {
    if (signal.aborted) return Promise.reject(aborted());
    if (this.running < this.maxBuilds) {
      this.running++;
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => {
      const onAbort = (): void => {
        const i = this.waiting.indexOf(grant);
        if (i >= 0) this.waiting.splice(i, 1);
        reject(aborted());
      };
      // The slot is handed over by release(): `running` stays the same.
      const grant = (): void => {
        signal.removeEventListener('abort', onAbort);
        resolve();
      };
      signal.addEventListener('abort', onAbort, { once: true });
      this.waiting.push(grant);
    });
  }

  private release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.running--;
  }
}

function aborted(): ErrandError {
  return new ErrandError('COMMON__ABORTED', 'the build was cancelled while it waited for a build slot', { operation: 'build' });
}
