/**
 * The progress display of `errand build` (and `errand verify`'s rebuild) on stderr: the current phase (fetching, building,
 * validating) with the elapsed time. On a terminal one line is redrawn ten times a second; when
 * stderr is not a terminal (CI, pipes), one line is written per phase change.
 */
import type { CompilePhase } from './compileSource.ts';

export class ProgressDisplay {
  private readonly started = performance.now();
  private phase: CompilePhase | null = null;
  private timer: NodeJS.Timeout | undefined;

  /** `label` starts each line written when stderr is not a terminal (`errand verify` builds too). */
  constructor(
    private readonly stream: NodeJS.WriteStream = process.stderr,
    private readonly label = 'errand build',
  ) {}

  update(phase: CompilePhase): void {
    if (phase === this.phase) return;
    this.phase = phase;
    if (!this.stream.isTTY) {
      this.stream.write(`${this.label}: ${phase} (${this.elapsed()})\n`);
      return;
    }
    this.draw();
    this.timer ??= setInterval(() => this.draw(), 100);
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
    if (this.stream.isTTY && this.phase) this.stream.write(`\r\x1b[2K`);
  }

  private draw(): void {
    this.stream.write(`\r\x1b[2K[${this.elapsed().padStart(7)}] ${this.phase ?? ''}...`);
  }

  private elapsed(): string {
    return `${((performance.now() - this.started) / 1000).toFixed(1)}s`;
  }
}
