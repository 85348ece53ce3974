/**
 * Waits for transactions to reach `confirmed`, for every sender on one Connection together: ONE
 * `getSignatureStatuses` call asks about every signature pending (up to 256 a call), and one
 * `getBlockHeight` a second tells which blockhashes have expired. web3.js's confirmTransaction
 * instead costs each transaction a signatureSubscribe round trip, a getSignatureStatus, a
 * getBlockHeight and an unsubscribe, each reply validated by superstruct: under load that was
 * most of a client's RPC traffic and CPU. The poll interval starts at `pollMs`, grows by half
 * after each round that confirmed nothing (up to `maxPollMs`), and drops back when something
 * confirms or a new signature arrives: a busy sender polls often, a lone one backs off. A
 * transaction that failed on-chain resolves with its error (the caller reads why); one whose
 * blockhash expired before it was seen rejects with CHAIN__INVALID_TRANSACTION (it can never
 * land). Does not promise: `finalized` (only `confirmed` is waited for).
 */
import type { Connection } from '@solana/web3.js';
import { ErrandError } from '../../../common/errors/index.ts';
import { rpcCall } from './rpcCall.ts';

export interface Confirmed {
  slot: number;
  /** The transaction's error when it landed failed (null: it succeeded). */
  err: unknown;
}

export interface SignatureConfirmerOptions {
  pollMs?: number;
  maxPollMs?: number;
  /** How often the block height is read for expiry (default 1000 ms). */
  heightEveryMs?: number;
}

interface Pending {
  lastValidBlockHeight: number;
  resolve: (c: Confirmed) => void;
  reject: (e: unknown) => void;
}

const MAX_PER_CALL = 256;
/** A first poll soon after a send (a local chain confirms in one 10 ms slot), not so soon that a
 * busy sender polls more often than its transactions land. */
const DEFAULT_POLL_MS = 20;
const confirmers = new WeakMap<Connection, SignatureConfirmer>();

export class SignatureConfirmer {
  private readonly pending = new Map<string, Pending>();
  private timer: NodeJS.Timeout | undefined;
  private delay: number;
  private heightReadAt = 0;
  private dueAt = 0;
  /** A round is under way (its timer has fired): the next is scheduled when it ends. */
  private polling = false;

  constructor(
    private readonly connection: Connection,
    private readonly opts: SignatureConfirmerOptions = {},
  ) {
    this.delay = opts.pollMs ?? DEFAULT_POLL_MS;
  }

  /** The confirmer every sender on `connection` shares. */
  static of(connection: Connection): SignatureConfirmer {
    let c = confirmers.get(connection);
    if (!c) {
      c = new SignatureConfirmer(connection);
      confirmers.set(connection, c);
    }
    return c;
  }

  /** `signal` ends the wait (not the transaction). */
  confirm(signature: string, lastValidBlockHeight: number, signal?: AbortSignal): Promise<Confirmed> {
    signal?.throwIfAborted();
    return new Promise<Confirmed>((resolve, reject) => {
      const onAbort = (): void => {
        this.pending.delete(signature);
        reject(signal!.reason);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      const done = (): void => signal?.removeEventListener('abort', onAbort);
      this.pending.set(signature, {
        lastValidBlockHeight,
        resolve: (c) => (done(), resolve(c)),
        reject: (e) => (done(), reject(e)),
      });
      // A new signature is asked about soon, even while the poll has backed off (but a poll
      // already due sooner is not pushed back: a steady stream of sends must not starve it).
      this.delay = this.opts.pollMs ?? DEFAULT_POLL_MS;
      if (this.timer && this.dueAt > Date.now() + this.delay) {
        clearTimeout(this.timer);
        this.timer = undefined;
      }
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.timer || this.polling || this.pending.size === 0) return;
    this.dueAt = Date.now() + this.delay;
    this.timer = setTimeout(() => void this.round(), this.delay);
  }

  private async round(): Promise<void> {
    this.timer = undefined;
    this.polling = true;
    const asked = [...this.pending.keys()].slice(0, MAX_PER_CALL);
    let confirmed = 0;
    try {
      const statuses = await rpcCall(this.connection, 'getSignatureStatuses', [asked]);
      const list = (statuses as { value?: unknown } | null)?.value;
      if (!Array.isArray(list) || list.length !== asked.length) throw new Error('getSignatureStatuses: not one status per signature');
      list.forEach((s, i) => {
        const st = s as { slot?: unknown; err?: unknown; confirmationStatus?: unknown } | null;
        if (!st || (st.confirmationStatus !== 'confirmed' && st.confirmationStatus !== 'finalized')) return;
        const p = this.pending.get(asked[i]!);
        if (!p) return;
        this.pending.delete(asked[i]!);
        confirmed++;
        p.resolve({ slot: Number(st.slot), err: st.err ?? null });
      });
      await this.expire();
    } catch {
      // A failed poll (the node busy or briefly unreachable) is asked again next round; a send
      // whose confirmation never comes ends at its caller's timeout.
    }
    const base = this.opts.pollMs ?? DEFAULT_POLL_MS;
    this.delay = confirmed > 0 ? base : Math.min(this.opts.maxPollMs ?? 400, Math.ceil(this.delay * 1.5));
    this.polling = false;
    this.schedule();
  }

  /** Rejects the pending signatures whose blockhash can no longer land. */
  private async expire(): Promise<void> {
    const now = Date.now();
    if (this.pending.size === 0 || now - this.heightReadAt < (this.opts.heightEveryMs ?? 1_000)) return;
    this.heightReadAt = now;
    const height = Number(await rpcCall(this.connection, 'getBlockHeight', [{ commitment: 'confirmed' }]));
    if (!Number.isSafeInteger(height)) return;
    for (const [signature, p] of this.pending) {
      if (height <= p.lastValidBlockHeight) continue;
      this.pending.delete(signature);
      p.reject(
        new ErrandError('CHAIN__INVALID_TRANSACTION', `Solana transaction ${signature} expired: block height ${height} passed ${p.lastValidBlockHeight}`, {
          reason: 'blockhash expired',
          detail: signature,
        }),
      );
    }
  }
}
