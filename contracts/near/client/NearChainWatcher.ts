/**
 * ChainWatcher for NEAR over standard JSON-RPC. For each FINAL block after the cursor: `block` ->
 * each `chunk` -> the receipts addressed to the contract that call a method able to log a watched
 * event (EVENT_METHODS) -> their outcomes through `EXPERIMENTAL_light_client_proof` (the standard
 * way to read one receipt's outcome by id) -> the contract's NEP-297 logs. Large inputs
 * (`input_in_state`) are fetched with the `get_request` view.
 * The cursor is the last fully processed height; a block is either delivered whole or not at all,
 * so delivery is at-least-once. Heights with no block (skipped on real networks) are passed over.
 * Does not promise: events of receipts a real node executes locally without routing them through
 * a chunk (a transaction signed by the contract account to itself).
 */
import type { JsonRpcProvider } from '@near-js/providers';
import { ErrandError, isErrandError } from '../../../common/errors/index.ts';
import type { ChainEvent, ChainWatcher, WatchBatch } from '../../../common/ports/index.ts';
import type { RequestInput, RequestRef } from '../../../common/types/index.ts';
import { parseErrandEvent, type ErrandEvent } from './events.ts';
import { ErrandNearClient } from './ErrandNearClient.ts';
import { rpcCall } from './rpcCall.ts';
import { inputFromWire, requestFromWire } from './wire.ts';

export interface NearChainWatcherOptions {
  contractId: string;
  provider: JsonRpcProvider;
  /** First height to scan when the cursor is null (default: the node's earliest block). */
  startHeight?: number;
  /** Blocks read concurrently in one round (default 50). */
  maxBlocksPerPoll?: number;
  /** Rounds one poll may run while it is behind the final head and has found no event yet
   * (default 10): a watcher that is behind catches up without waiting a poll interval per round. */
  maxRoundsPerPoll?: number;
}

interface ReceiptView {
  receipt_id: string;
  receiver_id: string;
  receipt: { Action?: { actions?: unknown }; Data?: unknown };
}
interface ChunkView {
  receipts: ReceiptView[];
}
interface BlockView {
  header: { height: number; hash: string };
  chunks: { chunk_hash: string; height_included: number; outgoing_receipts_root: string }[];
}

/** NEAR's CryptoHash::default(), the root of an empty list: a chunk whose receipts root is this
 * carries no receipts, so it is not fetched (most blocks on a quiet chain). On a multi-shard real
 * network the root covers every shard's list and is never this; such chunks are always fetched. */
const EMPTY_ROOT = '11111111111111111111111111111111';

/**
 * The events this watcher delivers and the contract methods that log them
 * (contracts/near/contract/src): `execution_requested` only in request_execution (requests.rs);
 * `execution_completed` only in `finish` (resolve.rs), which only the yield callback
 * on_execution_response and cancel_stale_execution call. A contract call logs only while its own
 * method runs, so a receipt whose function calls are none of these cannot carry a watched event and
 * its outcome is not fetched: resolve_execution above all (one of the three receipts of every
 * request), which only resumes the yield. A contract change that logs these events from another
 * method must add it here.
 */
const EVENT_METHODS = {
  execution_requested: ['request_execution'],
  execution_completed: ['on_execution_response', 'cancel_stale_execution'],
} as const satisfies Record<Exclude<ChainEvent['kind'], 'execution_rejected'>, readonly string[]>;
const LOGGING_METHODS: ReadonlySet<string> = new Set(Object.values(EVENT_METHODS).flat());

/** Whether the action receipt calls a method that logs a watched event; a shape we cannot read counts as yes. */
function mayLogEvent(r: ReceiptView): boolean {
  const actions = r.receipt.Action?.actions;
  if (!Array.isArray(actions)) return true;
  return actions.some((a: unknown) => {
    const call = (a as { FunctionCall?: { method_name?: unknown } } | null)?.FunctionCall;
    return call !== undefined && (typeof call.method_name !== 'string' || LOGGING_METHODS.has(call.method_name));
  });
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
    const events: ChainEvent[] = [];
    for (let round = 0; round < (this.opts.maxRoundsPerPoll ?? 10) && events.length === 0 && last < final.header.height; round++) {
      const until = Math.min(final.header.height, last + (this.opts.maxBlocksPerPoll ?? 50));
      // A round's blocks are read concurrently (each one's chunks and receipt outcomes too), then
      // delivered in height order up to the first one whose outcomes are not available yet: one
      // round trip's latency per round instead of one per RPC, with the same all-or-nothing blocks.
      const heights = Array.from({ length: until - last }, (_, i) => last + 1 + i);
      // The final head was just read: it is not fetched again (on a fast chain most polls find one
      // new block, so this is one RPC call per block fewer).
      const perBlock = await Promise.all(heights.map((h) => this.eventsOfBlock(h, final.header.hash, signal, h === final.header.height ? final : undefined)));
      const complete = perBlock.findIndex((b) => b === null);
      for (const blockEvents of complete === -1 ? perBlock : perBlock.slice(0, complete)) events.push(...(blockEvents ?? []));
      last = complete === -1 ? until : last + complete;
      if (complete !== -1) break;
    }
    return { events, cursor: String(last) };
  }

  private async firstHeight(signal?: AbortSignal): Promise<number> {
    if (this.opts.startHeight !== undefined) return this.opts.startHeight;
    const status = await rpcCall<{ sync_info: { earliest_block_height?: number } }>(this.opts.provider, 'status', [], signal);
    return status.sync_info.earliest_block_height ?? 1;
  }

  /** The block's events, [] for a missing height, or null when an outcome is not available yet.
   * `known` is the block itself when the caller already has it. */
  private async eventsOfBlock(height: number, head: string, signal?: AbortSignal, known?: BlockView): Promise<ChainEvent[] | null> {
    const p = this.opts.provider;
    let block: BlockView;
    try {
      block = known ?? (await rpcCall<BlockView>(p, 'block', { block_id: height }, signal));
    } catch (e) {
      if (isErrandError(e, 'CHAIN__UNKNOWN_BLOCK')) return [];
      throw e;
    }
    const chunks = await Promise.all(
      block.chunks
        .filter((ch) => ch.height_included === height && ch.outgoing_receipts_root !== EMPTY_ROOT)
        .map((ch) => rpcCall<ChunkView>(p, 'chunk', { chunk_id: ch.chunk_hash }, signal)),
    );
    const receipts = chunks.flatMap((c) => c.receipts).filter((r) => r.receiver_id === this.opts.contractId && 'Action' in r.receipt && mayLogEvent(r));
    const logsOf = await Promise.all(receipts.map((r) => this.receiptLogs(r.receipt_id, head, signal)));
    if (logsOf.some((logs) => logs === null)) return null;
    const events: ChainEvent[] = [];
    for (const [i, logs] of logsOf.entries()) {
      for (const log of logs ?? []) {
        const ev = await this.toChainEvent(log, height, receipts[i]!.receipt_id, signal);
        if (ev) events.push(ev);
      }
    }
    return events;
  }

  private async receiptLogs(receiptId: string, head: string, signal?: AbortSignal): Promise<string[] | null> {
    try {
      const r = await rpcCall<{ outcome_proof: { outcome: { logs: string[] } } }>(
        this.opts.provider,
        'EXPERIMENTAL_light_client_proof',
        { type: 'receipt', receipt_id: receiptId, receiver_id: this.opts.contractId, light_client_head: head },
        signal,
      );
      return r.outcome_proof.outcome.logs;
    } catch (e) {
      if (isErrandError(e, 'CHAIN__RPC_ERROR') && /UNKNOWN_TRANSACTION_OR_RECEIPT|not found/i.test(e.message)) return null;
      if (isErrandError(e, 'CHAIN__UNKNOWN_TRANSACTION')) return null;
      throw e;
    }
  }

  private async toChainEvent(log: string, blockHeight: number, receiptId: string, signal?: AbortSignal): Promise<ChainEvent | null> {
    let ev: ErrandEvent | null;
    try {
      ev = parseErrandEvent(log);
    } catch (e) {
      if (!isErrandError(e, 'CHAIN__BAD_CONTRACT_DATA')) throw e;
      // A malformed Errand event: delivered as rejected (its request id, if it can be read at all).
      return { kind: 'execution_rejected', ref: this.refOf(rawRequestId(log)), reason: e.message, blockHeight };
    }
    if (!ev) return null;
    const contractId = this.opts.contractId;
    if (ev.event === 'execution_requested') {
      const ref = this.refOf(ev.data['request_id']);
      try {
        const input = await this.inputOf(ev.data, signal);
        return { kind: 'execution_requested', request: { ...requestFromWire(contractId, ev.data, input), requestTx: receiptId }, blockHeight };
      } catch (e) {
        // Bad data is the event's fault and is delivered as a rejection; an RPC failure is not, and
        // fails the poll (retried from the same cursor).
        if (!isErrandError(e, 'CHAIN__BAD_CONTRACT_DATA')) throw e;
        return { kind: 'execution_rejected', ref, reason: e.message, blockHeight };
      }
    }
    if (ev.event === 'execution_completed') {
      const ref = this.refOf(ev.data['request_id']);
      if (!ref) return { kind: 'execution_rejected', ref: null, reason: 'execution_completed without a request_id', blockHeight };
      return { kind: 'execution_completed', ref, success: ev.data['success'] === true, blockHeight, data: ev.data };
    }
    return null;
  }

  /** The request's input: inline in the event, or read from the contract's state when too large for
   * the event. An input that should be there and is not is bad data, never an empty input. */
  private async inputOf(d: Record<string, unknown>, signal?: AbortSignal): Promise<RequestInput> {
    if (d['input_in_state'] !== true) {
      const inline = inputFromWire(d);
      if (inline === null) throw badData('input', 'execution_requested carries neither input nor input_base64');
      return inline;
    }
    const req = await this.client.getRequestRaw(String(d['request_id']), signal);
    const stored = req ? inputFromWire(req) : null;
    if (stored === null) {
      throw badData('input', `request ${String(d['request_id'])} has no stored input (finished, deleted or never stored)`);
    }
    return stored;
  }

  private refOf(requestId: unknown): RequestRef | null {
    const id =
      typeof requestId === 'number' && Number.isSafeInteger(requestId) && requestId >= 0
        ? String(requestId)
        : typeof requestId === 'string' && /^\d{1,20}$/.test(requestId)
          ? requestId
          : null;
    return id === null ? null : { chain: 'near', contractId: this.opts.contractId, requestId: id };
  }
}

function badData(what: string, detail: string): ErrandError {
  return new ErrandError('CHAIN__BAD_CONTRACT_DATA', `unexpected ${what} from the contract: ${detail}`, { what, detail });
}

/** The request_id of an event line that does not parse as an Errand event, when it has one. */
function rawRequestId(log: string): unknown {
  const m = /"request_id"\s*:\s*"?(\d{1,20})"?/.exec(log);
  return m ? m[1] : null;
}

function parseCursor(cursor: string): number {
  const n = Number(cursor);
  if (!Number.isSafeInteger(n) || n < 0)
    throw new ErrandError('COMMON__INVALID_ARGUMENT', `bad NEAR watcher cursor ${JSON.stringify(cursor)}`, { field: 'cursor' });
  return n;
}
