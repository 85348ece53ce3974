/**
 * Solana's PubSub over one WebSocket connection: logsSubscribe (all / mentions), signatureSubscribe,
 * slotSubscribe and their unsubscribes. A notification is sent when the transaction reaches the
 * subscription's commitment (default finalized, as validators do), so a `confirmed` subscriber
 * hears of a transaction one slot after it landed. Signature subscriptions end after their one
 * notification. Notifications that are not requests (web3's `ping`) are ignored.
 */
import type WebSocket from 'ws';
import { reaches, type Commitment, type LocalSvm } from '../chain/LocalSvm.ts';
import type { TxRecord } from '../chain/TxRecord.ts';

interface Sub {
  id: number;
  kind: 'logs' | 'signature' | 'slot';
  commitment: Commitment;
  mentions?: string;
  signature?: string;
  pending: TxRecord[];
}

function commitmentOf(c: unknown): Commitment {
  const v = (c as { commitment?: string } | undefined)?.commitment;
  return v === 'processed' || v === 'confirmed' ? v : 'finalized';
}

let nextId = 1;

export class PubSubConnection {
  private readonly subs = new Map<number, Sub>();
  private readonly onTx = (r: TxRecord) => this.transaction(r);
  private readonly onSlot = (slot: number) => this.slot(slot);

  constructor(
    private readonly chain: LocalSvm,
    private readonly ws: WebSocket,
  ) {
    chain.on('transaction', this.onTx);
    chain.on('slot', this.onSlot);
    ws.on('message', (data: unknown) => this.message(String(data)));
    ws.on('close', () => this.close());
  }

  close(): void {
    this.chain.off('transaction', this.onTx);
    this.chain.off('slot', this.onSlot);
    this.subs.clear();
  }

  private send(msg: unknown): void {
    if (this.ws.readyState === this.ws.OPEN) this.ws.send(JSON.stringify(msg));
  }

  private message(text: string): void {
    let req: { id?: unknown; method?: unknown; params?: unknown };
    try {
      req = JSON.parse(text) as typeof req;
    } catch {
      this.send({ jsonrpc: '2.0', error: { code: -32700, message: 'Parse error' }, id: null });
      return;
    }
    if (req.id === undefined || req.id === null) return;
    const params = Array.isArray(req.params) ? req.params : [];
    const reply = (result: unknown) => this.send({ jsonrpc: '2.0', result, id: req.id });
    switch (req.method) {
      case 'logsSubscribe': {
        const filter = params[0] as { mentions?: string[] } | string;
        const mentions = typeof filter === 'object' && filter ? filter.mentions?.[0] : undefined;
        reply(this.add({ kind: 'logs', commitment: commitmentOf(params[1]), mentions }));
        return;
      }
      case 'signatureSubscribe': {
        const sub = this.add({ kind: 'signature', commitment: commitmentOf(params[1]), signature: String(params[0]) });
        reply(sub);
        const landed = this.chain.transaction(String(params[0]));
        if (landed) this.transaction(landed);
        return;
      }
      case 'slotSubscribe':
        reply(this.add({ kind: 'slot', commitment: 'processed' }));
        return;
      case 'logsUnsubscribe':
      case 'signatureUnsubscribe':
      case 'slotUnsubscribe':
        reply(this.subs.delete(Number(params[0])));
        return;
      default:
        this.send({ jsonrpc: '2.0', error: { code: -32601, message: `Method not found: ${String(req.method)}` }, id: req.id });
    }
  }

  private add(s: Omit<Sub, 'id' | 'pending'>): number {
    const id = nextId++;
    this.subs.set(id, { ...s, id, pending: [] });
    return id;
  }

  private wants(s: Sub, r: TxRecord): boolean {
    if (s.kind === 'signature') return s.signature === r.signature;
    if (s.kind === 'logs') return s.mentions === undefined || r.accountKeys.includes(s.mentions);
    return false;
  }

  private transaction(r: TxRecord): void {
    for (const s of this.subs.values()) {
      if (!this.wants(s, r)) continue;
      if (reaches(this.chain.commitmentOf(r), s.commitment)) this.notify(s, r);
      else if (!s.pending.includes(r)) s.pending.push(r);
    }
  }

  private slot(slot: number): void {
    for (const s of [...this.subs.values()]) {
      if (s.kind === 'slot') {
        this.send({
          jsonrpc: '2.0',
          method: 'slotNotification',
          params: { result: { parent: slot - 1, root: Math.max(0, slot - 32), slot }, subscription: s.id },
        });
        continue;
      }
      // Pending transactions are in landing order, so the ones that reached the commitment are a prefix.
      let n = 0;
      while (n < s.pending.length && reaches(this.chain.commitmentOf(s.pending[n]!, slot), s.commitment)) n++;
      for (const r of s.pending.splice(0, n)) this.notify(s, r);
    }
  }

  private notify(s: Sub, r: TxRecord): void {
    const context = { slot: this.chain.slot() };
    if (s.kind === 'logs') {
      this.send({
        jsonrpc: '2.0',
        method: 'logsNotification',
        params: { result: { context, value: { signature: r.signature, err: r.err, logs: r.logs } }, subscription: s.id },
      });
    } else if (s.kind === 'signature' && this.subs.has(s.id)) {
      this.subs.delete(s.id);
      this.send({ jsonrpc: '2.0', method: 'signatureNotification', params: { result: { context, value: { err: r.err } }, subscription: s.id } });
    }
  }
}
