/**
 * Transaction methods: send_tx (with wait_until), broadcast_tx_async/commit, tx and
 * EXPERIMENTAL_tx_status, EXPERIMENTAL_receipt, and EXPERIMENTAL_light_client_proof for receipt
 * outcomes (the standard way to read one receipt's outcome and logs by id; proofs are empty here).
 * Waits end when the condition holds, the transaction is dropped, or the RPC wait timeout passes.
 */
import type { Chain } from '../chain/Chain.ts';
import type { Block, TxRecord } from '../chain/ChainState.ts';
import { InvalidTxError } from '../chain/decodeTransaction.ts';
import { blockHeaderLiteJson } from './blockShapes.ts';
import { finalOutcomeJson, outcomeWithIdJson, receiptJson } from './jsonShapes.ts';
import { RpcError } from './RpcError.ts';

export type WaitUntil = 'NONE' | 'INCLUDED' | 'INCLUDED_FINAL' | 'EXECUTED_OPTIMISTIC' | 'EXECUTED' | 'FINAL';
const WAIT_LEVELS: WaitUntil[] = ['NONE', 'INCLUDED', 'INCLUDED_FINAL', 'EXECUTED_OPTIMISTIC', 'EXECUTED', 'FINAL'];

export class TxMethods {
  /** Level checks of pending waits, by transaction hash. */
  private readonly waiting = new Map<string, Set<() => void>>();

  constructor(
    private readonly chain: Chain,
    private readonly waitTimeoutMs: number,
  ) {
    chain.onBlock((b) => this.recheck(b));
  }

  /**
   * Re-checks the waits a new block may have moved. With the head final at once (lag 0, the
   * default), a transaction's level moves only in a block that includes it or runs one of its
   * receipts, so only those are checked instead of every wait on every block (dozens of
   * long-polling send_tx under load). With a lag, finality moves every wait: all are checked.
   */
  private recheck(b: Block): void {
    if (this.waiting.size === 0) return;
    let hashes: Iterable<string> = this.waiting.keys();
    if (this.chain.state.config.finalityLagBlocks === 0) {
      const touched = new Set<string>();
      for (const t of b.transactions) touched.add(t.hash);
      for (const r of b.receipts) touched.add(r.txHash);
      hashes = touched;
    }
    for (const h of [...hashes]) for (const check of [...(this.waiting.get(h) ?? [])]) check();
  }

  private invalidTx(e: InvalidTxError): RpcError {
    return RpcError.handler('INVALID_TRANSACTION', e.json, { TxExecutionError: { InvalidTxError: e.json['InvalidTxError'] ?? e.json } });
  }

  submit(base64: unknown): string {
    if (typeof base64 !== 'string') throw RpcError.badRequest('signed_tx_base64 must be a base64 string');
    try {
      return this.chain.submit(new Uint8Array(Buffer.from(base64, 'base64'))).hash;
    } catch (e) {
      if (e instanceof InvalidTxError) throw this.invalidTx(e);
      throw e;
    }
  }

  async sendTx(params: unknown): Promise<unknown> {
    const p: Record<string, unknown> = Array.isArray(params) ? { signed_tx_base64: params[0] } : (params as Record<string, unknown>);
    const hash = this.submit(p['signed_tx_base64']);
    return this.status(hash, parseWait(p['wait_until'] ?? 'EXECUTED_OPTIMISTIC'), false);
  }

  async txStatus(params: unknown, withReceipts: boolean): Promise<unknown> {
    const p: Record<string, unknown> = Array.isArray(params) ? { tx_hash: params[0], sender_account_id: params[1] } : (params as Record<string, unknown>);
    if (typeof p['signed_tx_base64'] === 'string') return this.sendTx(p);
    const hash = String(p['tx_hash'] ?? '');
    if (!this.chain.state.txs.has(hash) && !this.chain.isInMempool(hash)) {
      throw RpcError.handler('UNKNOWN_TRANSACTION', { requested_transaction_hash: hash }, `Transaction ${hash} doesn't exist`);
    }
    return this.status(hash, parseWait(p['wait_until'] ?? 'EXECUTED_OPTIMISTIC'), withReceipts);
  }

  /** Answers once the transaction reached `wait`, as nearcore's tx status handler does. */
  async status(hash: string, wait: WaitUntil, withReceipts: boolean): Promise<unknown> {
    const reached = (): string | null => {
      const rec = this.chain.state.txs.get(hash);
      const level = rec ? this.levelOf(rec) : 'NONE';
      return WAIT_LEVELS.indexOf(level) >= WAIT_LEVELS.indexOf(wait) ? level : null;
    };
    const level = reached() ?? (await this.waitFor(hash, reached));
    const rec = this.chain.state.txs.get(hash);
    if (!rec || WAIT_LEVELS.indexOf(level as WaitUntil) < WAIT_LEVELS.indexOf('EXECUTED_OPTIMISTIC')) return { final_execution_status: level };
    return finalOutcomeJson(this.chain.state, rec, level, withReceipts);
  }

  private levelOf(rec: TxRecord): WaitUntil {
    const final = this.chain.state.finalHead.height;
    if (rec.pending > 0) return rec.blockHeight <= final ? 'INCLUDED_FINAL' : 'INCLUDED';
    const last = Math.max(rec.blockHeight, ...rec.receiptIds.map((id) => this.chain.state.outcomes.get(id)?.blockHeight ?? 0));
    return last <= final ? 'FINAL' : 'EXECUTED_OPTIMISTIC';
  }

  private waitFor(hash: string, reached: () => string | null): Promise<string> {
    return new Promise((resolve, reject) => {
      const checks = this.waiting.get(hash) ?? new Set<() => void>();
      this.waiting.set(hash, checks);
      const done = (): void => {
        clearTimeout(timer);
        checks.delete(check);
        if (checks.size === 0) this.waiting.delete(hash);
        offDrop();
      };
      const timer = setTimeout(() => {
        done();
        reject(RpcError.timeout());
      }, this.waitTimeoutMs);
      const check = (): void => {
        const level = reached();
        if (level) {
          done();
          resolve(level);
        }
      };
      checks.add(check);
      const offDrop = this.chain.onTxDropped((h, e) => {
        if (h !== hash) return;
        done();
        reject(this.invalidTx(e));
      });
    });
  }

  receipt(params: unknown): unknown {
    const id = String((params as Record<string, unknown>)['receipt_id'] ?? '');
    const r = this.chain.state.receipts.get(id);
    if (!r) throw RpcError.handler('UNKNOWN_RECEIPT', { receipt_id: id }, `Receipt ${id} doesn't exist`);
    return receiptJson(r);
  }

  lightClientProof(params: unknown): unknown {
    const p = params as Record<string, unknown>;
    const s = this.chain.state;
    let outcome;
    if (p['type'] === 'receipt') outcome = s.outcomes.get(String(p['receipt_id'] ?? ''));
    else if (p['type'] === 'transaction') outcome = s.txs.get(String(p['transaction_hash'] ?? ''))?.outcome;
    else throw RpcError.badRequest('type must be receipt or transaction');
    const head = s.blocksByHash.get(String(p['light_client_head'] ?? '')) ?? s.finalHead;
    if (!outcome || outcome.blockHeight > head.height) {
      throw RpcError.handler(
        'UNKNOWN_TRANSACTION_OR_RECEIPT',
        { transaction_or_receipt_id: String(p['receipt_id'] ?? p['transaction_hash']) },
        'Transaction or receipt not found (or not yet executed)',
      );
    }
    const block = s.blocksByHash.get(outcome.blockHash);
    return {
      outcome_proof: outcomeWithIdJson(outcome),
      outcome_root_proof: [],
      block_header_lite: block ? blockHeaderLiteJson(block) : { inner_rest_hash: '11111111111111111111111111111111', inner_lite: {} },
      block_proof: [],
    };
  }
}

function parseWait(v: unknown): WaitUntil {
  if (typeof v === 'string' && (WAIT_LEVELS as string[]).includes(v)) return v as WaitUntil;
  throw RpcError.badRequest(`unknown wait_until ${String(v)}`);
}
