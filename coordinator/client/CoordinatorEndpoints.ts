/**
 * The coordinator addresses a client may use: one URL (a single coordinator, or several behind a
 * balancer) or a list. Calls go to the current one; a call that could not connect moves every
 * later call to the next, and is itself retried there at once when it never reached a server
 * (connection refused: nothing was sent, so nothing can have happened twice). Other transport
 * failures move later calls on but are not retried here: the server may have acted on them, and
 * the caller decides (the worker hands such a job back).
 *
 * Layered above the transport (CoordinatorClient.raw), so it works with any HttpTransport.
 */
import { ErrandError, isErrandError } from '../../common/errors/index.ts';

export class CoordinatorEndpoints {
  private readonly urls: string[];
  private index = 0;

  constructor(urls: readonly string[]) {
    this.urls = urls.map((u) => u.trim().replace(/\/+$/, '')).filter((u) => u.length > 0);
    if (this.urls.length === 0) {
      throw new ErrandError('COMMON__CONFIG_INVALID', 'no coordinator URL given', { issues: ['COORDINATOR_URL: at least one URL'] });
    }
  }

  /** A comma-separated list, as COORDINATOR_URL takes it. */
  static parse(list: string): CoordinatorEndpoints {
    return new CoordinatorEndpoints(list.split(','));
  }

  get size(): number {
    return this.urls.length;
  }

  current(): string {
    return this.urls[this.index]!;
  }

  /** A call to `url` failed to connect: later calls go to the next address (once per failure of
   * the current one: concurrent calls failing on the same address move on by one, not by many). */
  failed(url: string): void {
    if (this.urls[this.index] === url) this.index = (this.index + 1) % this.urls.length;
  }

  /** Runs `call` against the current address, moving on as the class comment says. */
  async run<T>(call: (baseUrl: string) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      const url = this.current();
      try {
        return await call(url);
      } catch (e) {
        if (!isErrandError(e, 'COMMON__UNAVAILABLE') || e.context.service !== 'coordinator') throw e;
        this.failed(url);
        if (!neverSent(e) || attempt >= this.urls.length) throw e;
      }
    }
  }
}

/** Whether a transport failure happened before anything was sent (the connection was refused). */
function neverSent(e: unknown): boolean {
  for (let c: unknown = e, depth = 0; c && depth < 5; c = (c as { cause?: unknown }).cause, depth++) {
    const code = (c as { code?: unknown }).code;
    if (code === 'ECONNREFUSED' || code === 'EHOSTUNREACH' || code === 'ENOTFOUND') return true;
  }
  return false;
}
