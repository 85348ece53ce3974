/**
 * Start-up progress for long CLI operations: each phase on its own line with the time it took, and
 * on a terminal a ticking elapsed-time line while a phase runs, so a slow start never looks hung.
 */
export class Progress {
  private readonly t0 = Date.now();
  private phase: { label: string; started: number } | undefined;
  private ticker: NodeJS.Timeout | undefined;

  constructor(private readonly out: NodeJS.WriteStream = process.stderr) {}

  private elapsed(from: number): string {
    return `${((Date.now() - from) / 1000).toFixed(1)}s`;
  }

  /** Ends the running phase (if any) and starts the next. */
  step(label: string): void {
    this.finish();
    this.phase = { label, started: Date.now() };
    if (this.out.isTTY) {
      this.ticker = setInterval(() => this.out.write(`\r  … ${label} (${this.elapsed(this.phase!.started)})`), 200);
      this.ticker.unref();
    }
  }

  finish(): void {
    if (!this.phase) return;
    clearInterval(this.ticker);
    const line = `  ✓ ${this.phase.label} (${this.elapsed(this.phase.started)})`;
    this.out.write(this.out.isTTY ? `\r${line}\x1b[K\n` : `${line}\n`);
    this.phase = undefined;
  }

  done(summary: string): void {
    this.finish();
    this.out.write(`${summary} in ${this.elapsed(this.t0)}\n`);
  }
}
