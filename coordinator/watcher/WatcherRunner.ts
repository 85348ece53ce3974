/**
 * Consumes a ChainWatcher: polls from the stored cursor, records each `execution_requested`
 * (idempotent, so redelivery is harmless), marks requests whose `execution_completed` arrived, and
 * stores the new cursor with them (chainBatch.ts: one statement per poll) — at-least-once: a crash
 * before that commit replays the batch. A malformed event is logged in the event log and skipped,
 * so one bad event cannot stall a chain.
 */
import { setMaxListeners } from 'node:events';
import type { Logger } from '../../common/logger.ts';
import type { ChainWatcher, WatchBatch } from '../../common/ports/index.ts';
import type { ExecutionRequest } from '../../common/types/index.ts';
import { withTimeout } from '../../common/abort.ts';
import { appendEvent } from '../ledger/events.ts';
import { executionRequestSchema } from '../ledger/requestSchema.ts';
import type { CoordinatorService } from '../service/CoordinatorService.ts';
import type { ChainCompletion } from './chainBatch.ts';
import { readCursor } from './cursors.ts';

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
  /** The cursor this runner polls from (undefined: not read from the database yet). */
  private cursor: string | null | undefined;
  /** The cursor in the database as far as this runner knows, and when this runner stored it. */
  private stored: string | null = null;
  private storedAt = 0;

  constructor(private readonly opts: WatcherRunnerOptions) {}

  /**
   * One poll-record-store round. The cursor is read from the database once and then kept here. A
   * batch with events is stored at once, with its events. A batch without events (most blocks)
   * moves the stored cursor at most once a second: replaying empty blocks after a crash finds
   * nothing, and a watcher polling every few milliseconds would otherwise write on every tick.
   */
  async tick(signal?: AbortSignal): Promise<TickOutcome> {
    const { service, name } = this.opts;
    if (this.cursor === undefined) this.cursor = this.stored = await readCursor(service.db, name);
    const pollSignal = withTimeout(signal, this.opts.pollTimeoutMs ?? 30_000);
    // A busy block's receipts are read by concurrent RPCs, each listening to this signal.
    setMaxListeners(0, pollSignal);
    const batch = await this.opts.watcher.poll(this.cursor, pollSignal);
    const out: TickOutcome = { events: batch.events.length, recorded: 0, completed: 0, invalid: 0 };
    const { requested, completed } = await this.sort(batch, out);
    const store = batch.cursor !== this.stored && (batch.events.length > 0 || Date.now() - this.storedAt >= QUIET_CURSOR_STORE_MS);
    if (requested.length > 0 || completed.length > 0 || store) {
      const done = await service.recordChainBatch({ requested, completed, cursor: store ? { name, value: batch.cursor } : null });
      out.recorded = done.recorded;
      out.completed = done.completed;
      if (store) {
        this.stored = batch.cursor;
        this.storedAt = Date.now();
      }
    }
    this.cursor = batch.cursor;
    return out;
  }

  /** Validates the batch's requests (an invalid one is logged and skipped) and collects its completions. */
  private async sort(batch: WatchBatch, out: TickOutcome): Promise<{ requested: ExecutionRequest[]; completed: ChainCompletion[] }> {
    const requested: ExecutionRequest[] = [];
    const completed: ChainCompletion[] = [];
    for (const event of batch.events) {
      if (event.kind === 'execution_completed') {
        completed.push({ ref: event.ref, success: event.success });
        continue;
      }
      const parsed = executionRequestSchema.safeParse(event.request);
      if (parsed.success) {
        requested.push(parsed.data);
        continue;
      }
      out.invalid++;
      this.opts.log.warn({ watcher: this.opts.name, issues: parsed.error.issues.length }, 'invalid execution_requested event skipped');
      await appendEvent(this.opts.service.db, 'invalid_chain_event', {}, {
        watcher: this.opts.name,
        blockHeight: event.blockHeight,
        issues: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`),
      });
    }
    return { requested, completed };
  }
}
