/**
 * ChainWatcher for the Errand program on Solana over standard RPC. Backfill is the source of
 * truth: `getSignaturesForAddress(program, { until: cursor })` at `finalized` lists what landed
 * since the cursor (paged with `before`), `getTransaction` (one batched call, only slot, error
 * and logs kept: transactionLogs.ts) reads each one's logs, and the program's own events are decoded from them (programEvents.ts). Only finalized
 * transactions are read, so nothing delivered can be rolled back; transactions that failed are
 * passed over (they changed nothing). The cursor is `<slot>:<signature>` of the last transaction
 * delivered; a poll delivers at most `maxTransactionsPerPoll`, oldest first, so a long backlog is
 * worked through poll by poll. Delivery is at-least-once (the coordinator records idempotently).
 *
 * `logsSubscribe` (finalized, mentioning the program) is only a wake-up (passed on by onWake, so
 * the coordinator polls at once instead of at its next interval): while the subscription is
 * up and has said nothing since the last empty backfill, a poll answers at once without an RPC
 * call; every `resyncMs` it backfills anyway, so a lost notification (or socket) costs latency,
 * never a request. Does not promise: history older than the node keeps (a cursor whose signature
 * the node no longer knows makes it re-read what the node still has; redelivery is harmless).
 */
import { AnchorProvider, Program, Wallet, type Coder } from '@coral-xyz/anchor';
import { Keypair, type Connection, type PublicKey } from '@solana/web3.js';
import { ErrandError } from '../../../../common/errors/index.ts';
import type { ChainEvent, ChainWatcher, WatchBatch } from '../../../../common/ports/index.ts';
import { idlFor } from '../idl.ts';
import { toChainEvent } from './chainEvents.ts';
import { programEvents } from './programEvents.ts';
import { LogsWakeups } from './LogsWakeups.ts';
import { signaturesPage, type SignatureInfo } from './signaturesPage.ts';
import { transactionLogs } from './transactionLogs.ts';
import { throwIfAborted } from '../../../../common/abort.ts';

export interface SolanaChainWatcherOptions {
  connection: Connection;
  programId: PublicKey;
  /** Transactions read per poll at most (default 200). */
  maxTransactionsPerPoll?: number;
  /** Subscribe to the program's logs for wake-ups (default true). */
  subscribe?: boolean;
  /** Longest a subscribed watcher goes without a backfill (default 1000 ms). */
  resyncMs?: number;
  /** The node's PubSub URL: subscribe on a socket of the watcher's own (LogsWakeups.ts, no
   * per-notification validation) instead of through the Connection's. */
  wsEndpoint?: string;
}

const PAGE = 1000;

export class SolanaChainWatcher implements ChainWatcher {
  private readonly programId: string;
  private readonly coder: Coder;
  private subscription: number | undefined;
  /** Set by a notification; cleared when a backfill found nothing more. */
  private dirty = true;
  private lastBackfill = 0;
  private wake: (() => void) | undefined;
  private wakeups: LogsWakeups | undefined;

  constructor(private readonly opts: SolanaChainWatcherOptions) {
    this.programId = opts.programId.toBase58();
    // Anchor's Program camel-cases the IDL before building its coder: the same event names and
    // fields as the client decodes. The wallet is never asked to sign (the watcher only reads).
    this.coder = new Program(idlFor(opts.programId), new AnchorProvider(opts.connection, new Wallet(Keypair.generate()), {})).coder;
    if (opts.subscribe !== false && opts.wsEndpoint) {
      this.wakeups = new LogsWakeups(opts.wsEndpoint, this.programId, () => {
        this.dirty = true;
        this.wake?.();
      });
    } else if (opts.subscribe !== false) {
      this.subscription = opts.connection.onLogs(
        opts.programId,
        () => {
          this.dirty = true;
          this.wake?.();
        },
        'finalized',
      );
    }
  }

  /** The log subscription's notifications, passed on: the caller polls at once. */
  onWake(listener: () => void): void {
    this.wake = listener;
  }

  async poll(cursor: string | null, signal?: AbortSignal): Promise<WatchBatch> {
    const after = cursor === null ? null : parseCursor(cursor);

    const subscribed = this.subscription !== undefined || this.wakeups?.up === true;
    const quiet = subscribed && !this.dirty && Date.now() - this.lastBackfill < (this.opts.resyncMs ?? 1_000);
    if (quiet) return { events: [], cursor: cursor ?? '' };
    this.dirty = false;
    this.lastBackfill = Date.now();
    const pending = await this.signaturesSince(after?.signature ?? null, signal);
    const take = pending.slice(0, this.opts.maxTransactionsPerPoll ?? 200);
    if (take.length < pending.length) this.dirty = true;
    if (take.length === 0) return { events: [], cursor: cursor ?? '' };
    const landed = take.filter((s) => s.err === null);
    const txs = await transactionLogs(
      this.opts.connection,
      landed.map((s) => s.signature),
      signal,
    );
    throwIfAborted(signal, 'solana watcher poll');
    const bySignature = new Map(landed.map((s, i) => [s.signature, txs[i]]));
    const events: ChainEvent[] = [];
    let delivered = cursor ?? '';
    for (const s of take) {
      if (s.err === null) {
        const tx = bySignature.get(s.signature);
        // Listed as finalized but not readable yet: stop before it, read it again next poll.
        if (!tx) {
          this.dirty = true;
          return { events, cursor: delivered };
        }
        for (const ev of programEvents(this.coder, this.programId, tx.logs)) {
          const chainEvent = toChainEvent(ev, this.programId, tx.slot, s.signature);
          if (chainEvent) events.push(chainEvent);
        }
      }
      delivered = cursorOf(s);
    }
    return { events, cursor: delivered };
  }

  /** Finalized signatures of the program after `until` (null: all the node has), oldest first. */
  private async signaturesSince(until: string | null, signal?: AbortSignal): Promise<SignatureInfo[]> {
    const out: SignatureInfo[] = [];
    let before: string | undefined;
    for (;;) {
      throwIfAborted(signal, 'solana watcher poll');
      const page = await signaturesPage(
        this.opts.connection,
        this.programId,
        { limit: PAGE, ...(until ? { until } : {}), ...(before ? { before } : {}) },
        signal,
      );
      out.push(...page);
      if (page.length < PAGE) break;
      before = page[page.length - 1]!.signature;
    }
    return out.reverse();
  }

  /** Ends the log subscription (the connection stays the caller's). */
  async close(): Promise<void> {
    await this.wakeups?.close();
    if (this.subscription === undefined) return;
    const id = this.subscription;
    this.subscription = undefined;
    await this.opts.connection.removeOnLogsListener(id).catch(() => undefined);
  }
}

function cursorOf(s: SignatureInfo): string {
  return `${s.slot}:${s.signature}`;
}

/** '' (a watcher that has seen nothing yet) reads from the start, as null does. */
function parseCursor(cursor: string): { slot: number; signature: string } | null {
  if (cursor === '') return null;
  const m = /^(\d{1,20}):([1-9A-HJ-NP-Za-km-z]{64,88})$/.exec(cursor);
  if (!m) throw new ErrandError('COMMON__INVALID_ARGUMENT', `bad Solana watcher cursor ${JSON.stringify(cursor.slice(0, 120))}`, { field: 'cursor' });
  return { slot: Number(m[1]), signature: m[2]! };
}
