/**
 * ChainWatcher for NEAR over standard JSON-RPC. For each FINAL block after the cursor: `block` ->
 * each `chunk` -> the receipts addressed to the contract -> their outcomes through
 * `EXPERIMENTAL_light_client_proof` (the standard way to read one receipt's outcome by id) -> the
 * contract's NEP-297 logs. Large inputs (`input_in_state`) are fetched with the `get_request` view.
 * The cursor is the last fully processed height; a block is either delivered whole or not at all,
 * so delivery is at-least-once. Heights with no block (skipped on real networks) are passed over.
 * Does not promise: events of receipts a real node executes locally without routing them through
 * a chunk (a transaction signed by the contract account to itself).
 */
import type { JsonRpcProvider } from '@near-js/providers';
import { ErrandError, isErrandError } from '../../../common/errors/index.ts';
import type { ChainEvent, ChainWatcher, WatchBatch } from '../../../common/ports/index.ts';
import { parseErrandEvent } from './events.ts';
import { ErrandNearClient } from './ErrandNearClient.ts';
import { rpcCall } from './rpcCall.ts';
import { requestFromWire } from './wire.ts';

export interface NearChainWatcherOptions {
  contractId: string;
  provider: JsonRpcProvider;
  /** First height to scan when the cursor is null (default: the node's earliest block). */
  startHeight?: number;
  /** Blocks scanned per poll (default 50). */
  maxBlocksPerPoll?: number;
}

interface ChunkView {
  receipts: { receipt_id: string; receiver_id: string; receipt: Record<string, unknown> }[];
}
interface BlockView {
  header: { height: number; hash: string };
  chunks: { chunk_hash: string; height_included: number }[];
}

export class NearChainWatcher implements ChainWatcher {
  private readonly client: ErrandNearClient;

  constructor(private readonly opts: NearChainWatcherOptions) {
    this.client = new ErrandNearClient(opts.contractId, opts.provider);
  }

  async poll(cursor: string | null, signal?: AbortSignal): Promise<WatchBatch> {
    const p = this.opts.provider;
    const final = await rpcCall<BlockView>(p, 'block', { finality: 'final' }, signal);
    let last = cursor === null ? (await this.firstHeight(signal)) - 1 : parseCursor(cursor);
    const until = Math.min(final.header.height, last + (this.opts.maxBlocksPerPoll ?? 50));
    const events: ChainEvent[] = [];
    for (let h = last + 1; h <= until; h++) {
      const blockEvents = await this.eventsOfBlock(h, final.header.hash, signal);
      if (blockEvents === null) break;
      events.push(...blockEvents);
      last = h;
    }
    return { events, cursor: String(last) };
  }

  private async firstHeight(signal?: AbortSignal): Promise<number> {
    if (this.opts.startHeight !== undefined) return this.opts.startHeight;
    const status = await rpcCall<{ sync_info: { earliest_block_height?: number } }>(this.opts.provider, 'status', [], signal);
    return status.sync_info.earliest_block_height ?? 1;
  }

  /** The block's events, [] for a missing height, or null when an outcome is not available yet. */
  private async eventsOfBlock(height: number, head: string, signal?: AbortSignal): Promise<ChainEvent[] | null> {
    const p = this.opts.provider;
    let block: BlockView;
    try {
      block = await rpcCall<BlockView>(p, 'block', { block_id: height }, signal);
    } catch (e) {
      if (isErrandError(e, 'CHAIN__UNKNOWN_BLOCK')) return [];
      throw e;
    }
    const events: ChainEvent[] = [];
    for (const ch of block.chunks) {
      if (ch.height_included !== height) continue;
      const chunk = await rpcCall<ChunkView>(p, 'chunk', { chunk_id: ch.chunk_hash }, signal);
      for (const r of chunk.receipts) {
        if (r.receiver_id !== this.opts.contractId || !('Action' in r.receipt)) continue;
        const logs = await this.receiptLogs(r.receipt_id, head, signal);
        if (logs === null) return null;
        for (const log of logs) {
          const ev = await this.toChainEvent(log, height, signal);
          if (ev) events.push(ev);
        }
      }
    }
    return events;
  }

  private async receiptLogs(receiptId: string, head: string, signal?: AbortSignal): Promise<string[] | null> {
    try {
      const r = await rpcCall<{ outcome_proof: { outcome: { logs: string[] } } }>(this.opts.provider, 'EXPERIMENTAL_light_client_proof',
        { type: 'receipt', receipt_id: receiptId, receiver_id: this.opts.contractId, light_client_head: head }, signal);
      return r.outcome_proof.outcome.logs;
    } catch (e) {
      if (isErrandError(e, 'CHAIN__RPC_ERROR') && /UNKNOWN_TRANSACTION_OR_RECEIPT|not found/i.test(e.message)) return null;
      if (isErrandError(e, 'CHAIN__UNKNOWN_TRANSACTION')) return null;
      throw e;
    }
  }

  private async toChainEvent(log: string, blockHeight: number, signal?: AbortSignal): Promise<ChainEvent | null> {
    const ev = parseErrandEvent(log);
    if (!ev) return null;
    const contractId = this.opts.contractId;
    if (ev.event === 'execution_requested') {
      let input = typeof ev.data['input'] === 'string' ? ev.data['input'] : '';
      if (ev.data['input_in_state'] === true) {
        const req = await this.client.getRequestRaw(String(ev.data['request_id']), signal);
        input = typeof req?.['input'] === 'string' ? req['input'] : '';
      }
      return { kind: 'execution_requested', request: requestFromWire(contractId, ev.data, input), blockHeight };
    }
    if (ev.event === 'execution_completed') {
      return { kind: 'execution_completed', ref: { chain: 'near', contractId, requestId: String(ev.data['request_id']) }, success: ev.data['success'] === true, blockHeight };
    }
    return null;
  }
}

function parseCursor(cursor: string): number {
  const n = Number(cursor);
  if (!Number.isSafeInteger(n) || n < 0) throw new ErrandError('COMMON__INVALID_ARGUMENT', `bad NEAR watcher cursor ${JSON.stringify(cursor)}`, { field: 'cursor' });
  return n;
}
