/**
 * Runs a background task every interval until stopped (sweeper, failure resolver, watchers). A tick
 * that throws is logged and the next one runs; stop() aborts the current tick and waits for it.
 * A tick may return true to ask for the next run at once (more work is waiting).
 */
import type { Logger } from '../../common/logger.ts';

export class Ticker {
  private readonly abort = new AbortController();
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;

  constructor(
    private readonly name: string,
    private readonly intervalMs: number,
    private readonly tick: (signal: AbortSignal) => Promise<boolean | void>,
    private readonly log: Logger,
  ) {}

  start(): this {
    this.schedule(0);
    return this;
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.runOnce();
    }, ms);
  }

  private async runOnce(): Promise<void> {
    let again = false;
    try {
      again = (await this.tick(this.abort.signal)) === true;
    } catch (err) {
      if (!this.abort.signal.aborted) this.log.warn({ err, ticker: this.name }, 'background tick failed');
    }
    this.schedule(again ? 0 : this.intervalMs);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    this.abort.abort();
    await this.running;
  }
}
