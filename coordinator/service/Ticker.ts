/**
 * Runs a background task every interval until stopped (sweeper, failure resolver, watchers),
 * measured start to start: a tick that took part of the interval is followed by the next one
 * after the rest of it (a chain watcher polling every 10 ms then polls every 10 ms, not every 10
 * ms plus its own round trips), one that took longer by the next at once. Ticks never overlap. A
 * tick that throws is logged and the next one runs; stop() aborts the current tick and waits for
 * it. A tick may return true to ask for the next run at once (more work is waiting), and nudge()
 * asks the same from outside (a watcher's subscription heard of new events): the next tick runs
 * at once, or right after the one running.
 */
import type { Logger } from '../../common/logger.ts';

export class Ticker {
  private readonly abort = new AbortController();
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;
  private nudged = false;

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

  /** Runs the next tick now (after the current one, if one is running). */
  nudge(): void {
    if (this.stopped) return;
    if (this.timer === undefined) {
      this.nudged = true; // a tick is running: the next follows it at once
      return;
    }
    clearTimeout(this.timer);
    this.schedule(0);
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.running = this.runOnce();
    }, ms);
  }

  private async runOnce(): Promise<void> {
    const started = performance.now();
    this.nudged = false;
    let again = false;
    try {
      again = (await this.tick(this.abort.signal)) === true;
    } catch (err) {
      if (!this.abort.signal.aborted) this.log.warn({ err, ticker: this.name }, 'background tick failed');
    }
    this.schedule(again || this.nudged ? 0 : Math.max(0, this.intervalMs - (performance.now() - started)));
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    this.abort.abort();
    await this.running;
  }
}
