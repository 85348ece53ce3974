/**
 * FakeChainWatcher: an in-memory ChainWatcher for tests and demos. Events are pushed by the test;
 * the cursor is the index of the next event. It can redeliver (at-least-once is the contract) and
 * fail a poll on demand. Not a chain: no finality, no reorgs.
 */
import type { ChainEvent, ChainWatcher, WatchBatch } from '../../common/ports/index.ts';
import { ErrandError } from '../../common/errors/index.ts';

export class FakeChainWatcher implements ChainWatcher {
  private readonly events: ChainEvent[] = [];
  /** Cursors the runner passed in, in order (to check where it resumed). */
  readonly polledFrom: Array<string | null> = [];
  private failNext = 0;
  /** Re-send this many already-delivered events at the head of the next batch. */
  redeliver = 0;

  constructor(private readonly batchSize = 100) {}

  push(...events: ChainEvent[]): void {
    this.events.push(...events);
  }

  failNextPolls(n: number): void {
    this.failNext = n;
  }

  async poll(cursor: string | null): Promise<WatchBatch> {
    this.polledFrom.push(cursor);
    if (this.failNext > 0) {
      this.failNext--;
      throw new ErrandError('COMMON__UNAVAILABLE', 'fake watcher: poll failed on purpose', { service: 'fake-chain' });
    }
    let from = cursor === null ? 0 : Number(cursor);
    if (this.redeliver > 0) {
      from = Math.max(0, from - this.redeliver);
      this.redeliver = 0;
    }
    const events = this.events.slice(from, from + this.batchSize);
    return { events, cursor: String(from + events.length) };
  }
}
