/**
 * Consumes a ChainWatcher: polls from the stored cursor, records each `execution_requested`
 * (idempotent, so redelivery is harmless), marks requests whose `execution_completed` arrived, and
 * stores the new cursor with them (chainBatch.ts: one statement per poll) — at-least-once: a crash
 * before that commit replays the batch.
 *
 * No single event can stall it. A request event that is malformed, refused by policy (sourcePolicy.ts)
 * or that Postgres will not take is recorded as rejected (recordRejected.ts: failed, with its code
 * and reason, then resolved on-chain as a failure) and the cursor moves on; an event without a
 * usable request id is kept in the event log as `invalid_chain_event`. Only a failure of the
 * database or the chain itself (the poll, a connection) fails the tick, which then retries from
 * the same cursor.
 *
 * With a lease (several coordinators, WatcherLease.ts) it polls only while this coordinator holds
 * it, re-reads the cursor at the start of every term, and writes fenced by the lease: a handover
 * replays at most the blocks after the last stored cursor, idempotently, and misses none.
 */
import { setMaxListeners } from 'node:events';
import type { Logger } from '../../common/logger.ts';
import type { ChainEvent, ChainWatcher, WatchBatch } from '../../common/ports/index.ts';
import type { ExecutionRequest, RequestRef } from '../../common/types/index.ts';
import { withTimeout } from '../../common/abort.ts';
import { appendEvent } from '../ledger/events.ts';
import { executionRequestSchema } from '../api/index.ts';
import { recordRejected, storableText, type Rejection } from '../ledger/recordRejected.ts';
import { sourceRefusal } from '../ledger/sourcePolicy.ts';
import type { CoordinatorService } from '../service/CoordinatorService.ts';
import { isErrandError } from '../../common/errors/index.ts';
import type { ChainCompletion, LeaseFence } from './chainBatch.ts';
import type { WatcherLease } from './WatcherLease.ts';
import { readCursor } from './cursors.ts';
import { isDataError } from './dataError.ts';
import { issueLines } from '../../common/parseWith.ts';

export interface WatcherRunnerOptions {
  /** Cursor key: one per chain (and contract, if several are watched on one chain). */
  name: string;
  watcher: ChainWatcher;
  service: CoordinatorService;
  log: Logger;
  pollTimeoutMs?: number;
  /** Development mode: `file://` sources are run; otherwise such requests are rejected. */
  allowFileSources?: boolean;
  /** Several coordinators: poll only while holding this lease, and fence every write with it. */
  lease?: WatcherLease;
}

export interface TickOutcome {
  events: number;
  recorded: number;
  completed: number;
  /** Request events that did not validate (recorded as rejected when they had a request id). */
  invalid: number;
  /** Requests recorded as rejected by this tick (invalid, refused or refused by the database). */
  rejected: number;
}

/** Longest a cursor that moved over blocks without events stays unstored. */
const QUIET_CURSOR_STORE_MS = 1_000;

interface Sorted {
  requested: ExecutionRequest[];
  completed: ChainCompletion[];
  rejected: Rejection[];
}

export class WatcherRunner {
  /** The cursor this runner polls from (undefined: not read from the database yet). */
  private cursor: string | null | undefined;
  /** The cursor in the database as far as this runner knows, and when this runner stored it. */
  private stored: string | null = null;
  private storedAt = 0;
  /** The lease epoch the cursor above belongs to: a new term re-reads the cursor. */
  private epoch: string | undefined;

  constructor(private readonly opts: WatcherRunnerOptions) {}

  /**
   * One poll-record-store round. The cursor is read from the database once and then kept here. A
   * batch with events is stored at once, with its events. A batch without events (most blocks)
   * moves the stored cursor at most once a second: replaying empty blocks after a crash finds
   * nothing, and a watcher polling every few milliseconds would otherwise write on every tick.
   */
  async tick(signal?: AbortSignal): Promise<TickOutcome> {
    const { service, name, lease } = this.opts;
    const fence = lease?.fence ?? undefined;
    if (lease && !fence) return { events: 0, recorded: 0, completed: 0, invalid: 0, rejected: 0 };
    if (fence?.epoch !== this.epoch) {
      // A new term: the previous leader (maybe this one, deposed and back) stored a cursor since.
      this.cursor = undefined;
      this.epoch = fence?.epoch;
      if (fence) this.opts.log.info({ watcher: name, epoch: fence.epoch }, 'watcher lease taken: this coordinator polls the chain');
    }
    if (this.cursor === undefined) this.cursor = this.stored = await readCursor(service.db, name, signal);
    const pollSignal = withTimeout(signal, this.opts.pollTimeoutMs ?? 30_000);
    // A busy block's receipts are read by concurrent RPCs, each listening to this signal.
    setMaxListeners(0, pollSignal);
    const batch = await this.opts.watcher.poll(this.cursor, pollSignal);
    const out: TickOutcome = { events: batch.events.length, recorded: 0, completed: 0, invalid: 0, rejected: 0 };
    const sorted = await this.sort(batch, out);
    // Rejections first: idempotent, so a crash before the cursor is stored replays them harmlessly.
    for (const r of sorted.rejected) if (await recordRejected(service.db, r, signal)) out.rejected++;
    const store = batch.cursor !== this.stored && (batch.events.length > 0 || Date.now() - this.storedAt >= QUIET_CURSOR_STORE_MS);
    if (sorted.requested.length > 0 || sorted.completed.length > 0 || store) {
      const cursor = store ? { name, value: batch.cursor } : null;
      try {
        await this.record(sorted, cursor, fence, out, signal);
      } catch (e) {
        if (!isErrandError(e, 'COORDINATOR__WATCHER_LEASE_LOST')) throw e;
        lease?.lost();
        this.cursor = undefined;
        this.opts.log.warn({ watcher: name, epoch: fence?.epoch }, 'watcher lease lost to another coordinator: its batch was not written');
        return out;
      }
      if (store) {
        this.stored = batch.cursor;
        this.storedAt = Date.now();
      }
    }
    this.cursor = batch.cursor;
    return out;
  }

  /** The batch in one statement; if Postgres refuses its data, each request alone, and a request it
   * still refuses is recorded as rejected with the database's reason. */
  private async record(
    sorted: Sorted,
    cursor: { name: string; value: string } | null,
    fence: LeaseFence | undefined,
    out: TickOutcome,
    signal?: AbortSignal,
  ): Promise<void> {
    const { service } = this.opts;
    try {
      const done = await service.recordChainBatch({ requested: sorted.requested, completed: sorted.completed, cursor, fence }, signal);
      out.recorded += done.recorded;
      out.completed += done.completed;
      return;
    } catch (e) {
      if (!isDataError(e)) throw e;
      this.opts.log.warn({ watcher: this.opts.name, err: e }, 'chain batch refused by the database; recording its requests one by one');
    }
    for (const request of sorted.requested) {
      try {
        if ((await service.record(request, signal)).created) out.recorded++;
      } catch (e) {
        if (!isDataError(e)) throw e;
        const reason = `the ledger refused the request: ${(e as Error).message}`;
        if (await recordRejected(service.db, { ref: request, code: 'COORDINATOR__REQUEST_REJECTED', reason, blockHeight: request.blockHeight }, signal))
          out.rejected++;
      }
    }
    const done = await service.recordChainBatch({ requested: [], completed: sorted.completed, cursor, fence }, signal);
    out.completed += done.completed;
  }

  /** Validates the batch's requests and collects its completions and rejections. */
  private async sort(batch: WatchBatch, out: TickOutcome): Promise<Sorted> {
    const sorted: Sorted = { requested: [], completed: [], rejected: [] };
    for (const event of batch.events) {
      if (event.kind === 'execution_completed') {
        sorted.completed.push({ ref: event.ref, success: event.success });
        continue;
      }
      if (event.kind === 'execution_rejected') {
        out.invalid++;
        await this.reject(sorted, event.ref, 'COORDINATOR__REQUEST_REJECTED', event.reason, event);
        continue;
      }
      const parsed = executionRequestSchema.safeParse(event.request);
      if (!parsed.success) {
        out.invalid++;
        const issues = issueLines(parsed.error, undefined, 10);
        await this.reject(sorted, refOf(event.request), 'COORDINATOR__REQUEST_REJECTED', `invalid request: ${issues.join('; ')}`, event);
        continue;
      }
      const refusal = sourceRefusal(parsed.data.source, this.opts.allowFileSources ?? false);
      if (refusal) {
        sorted.rejected.push({ ref: parsed.data, code: refusal.code, reason: refusal.message, blockHeight: event.blockHeight, request: parsed.data });
        continue;
      }
      sorted.requested.push(parsed.data);
    }
    return sorted;
  }

  private async reject(sorted: Sorted, ref: RequestRef | null, code: string, reason: string, event: ChainEvent): Promise<void> {
    this.opts.log.warn({ watcher: this.opts.name, requestId: ref?.requestId, reason: storableText(reason, 300) }, 'chain request rejected');
    if (ref) {
      sorted.rejected.push({ ref, code, reason, blockHeight: event.blockHeight });
      return;
    }
    await appendEvent(
      this.opts.service.db,
      'invalid_chain_event',
      {},
      {
        watcher: this.opts.name,
        blockHeight: event.blockHeight,
        reason: storableText(reason),
      },
    );
  }
}

/** The ref of an event's request when its three parts are usable text, else null. */
function refOf(request: unknown): RequestRef | null {
  const r = (request ?? {}) as Record<string, unknown>;
  const ok = (v: unknown): v is string => typeof v === 'string' && v.length > 0 && v.length <= 256 && storableText(v, 256) === v;
  if ((r['chain'] !== 'near' && r['chain'] !== 'solana') || !ok(r['contractId']) || !ok(r['requestId'])) return null;
  return { chain: r['chain'], contractId: r['contractId'], requestId: r['requestId'] };
}
