/**
 * Consumes a ChainWatcher: polls from the stored cursor, records each `execution_requested`
 * (idempotent, so redelivery is harmless), marks requests whose `execution_completed` arrived, and
 * only then stores the new cursor — at-least-once: a crash between the two replays the batch.
 * A malformed event is logged in the event log and skipped, so one bad event cannot stall a chain.
 */
import type { Logger } from '../../common/logger.ts';
import type { ChainEvent, ChainWatcher } from '../../common/ports/index.ts';
import { withTimeout } from '../../common/abort.ts';
import { appendEvent } from '../ledger/events.ts';
import { executionRequestSchema } from '../ledger/requestSchema.ts';
import { markChainCompleted } from '../ledger/requestsRepo.ts';
import type { CoordinatorService } from '../service/CoordinatorService.ts';
import { readCursor, storeCursor } from './cursors.ts';

export interface WatcherRunnerOptions {
  /** Cursor key: one per chain (and contract, if several are watched on one chain). */
  name: string;
  watcher: ChainWatcher;
  service: CoordinatorService;
  log: Logger;
  pollTimeoutMs?: number;
}

export interface TickOutcome {
  events: number;
  recorded: number;
  completed: number;
  invalid: number;
}

/** Longest a cursor that moved over blocks without events stays unstored. */
const QUIET_CURSOR_STORE_MS = 1_000;

export class WatcherRunner {
  /** The cursor this runner last read or stored (undefined: not read yet). */
  private cursor: string | null | undefined;
  /** The cursor in the database as far as this runner knows, and when this runner stored it. */
  private stored: string | null = null;
  private storedAt = 0;

  constructor(private readonly opts: WatcherRunnerOptions) {}

  /**
   * One poll-record-store round. The cursor is read from the database once and then kept here; a
   * batch with events is stored at once, after its events are recorded. A batch without events
   * (most blocks) moves the cursor at most once a second: replaying empty blocks after a crash
   * finds nothing, and a watcher polling every few milliseconds would otherwise spend two
   * statements per tick on the cursor alone.
   */
  async tick(signal?: AbortSignal): Promise<TickOutcome> {
    const { service, name } = this.opts;
    if (this.cursor === undefined) this.cursor = this.stored = await readCursor(service.db, name);
    const batch = await this.opts.watcher.poll(this.cursor, withTimeout(signal, this.opts.pollTimeoutMs ?? 30_000));
    const out: TickOutcome = { events: batch.events.length, recorded: 0, completed: 0, invalid: 0 };
    for (const event of batch.events) await this.apply(event, out);
    if (batch.cursor !== this.stored && (batch.events.length > 0 || Date.now() - this.storedAt >= QUIET_CURSOR_STORE_MS)) {
      await storeCursor(service.db, name, batch.cursor);
      this.stored = batch.cursor;
      this.storedAt = Date.now();
    }
    this.cursor = batch.cursor;
    return out;
  }

  private async apply(event: ChainEvent, out: TickOutcome): Promise<void> {
    const { service } = this.opts;
    if (event.kind === 'execution_requested') {
      const parsed = executionRequestSchema.safeParse(event.request);
      if (!parsed.success) {
        out.invalid++;
        this.opts.log.warn({ watcher: this.opts.name, issues: parsed.error.issues.length }, 'invalid execution_requested event skipped');
        await appendEvent(service.db, 'invalid_chain_event', {}, {
          watcher: this.opts.name,
          blockHeight: event.blockHeight,
          issues: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`),
        });
        return;
      }
      const rec = await service.record(parsed.data);
      if (rec.created) out.recorded++;
      return;
    }
    if (event.kind === 'execution_completed') {
      if (await markChainCompleted(service.db, event.ref, event.success)) out.completed++;
    }
  }
}
