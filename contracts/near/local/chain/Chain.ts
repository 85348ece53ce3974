/**
 * The local NEAR chain: a mempool of signed transactions and a block producer. Each block runs
 * the receipts produced by earlier blocks (and callbacks whose data became available), times out
 * expired yields, then converts the mempool's transactions into receipts for the next block.
 * Listeners hear about every new block (RPC waiters, the auto producer).
 */
import { createHash, hash as oneShotHash } from 'node:crypto';
import { base58Encode } from './base58.ts';
import { ChainState, newAccount, sha256Base58, type Block, type TxRecord } from './ChainState.ts';
import { DEFAULT_LOCAL_CHAIN_CONFIG, type LocalChainConfig } from './config.ts';
import { convertTransaction, validateTransaction } from './convertTransaction.ts';
import { decodeSignedTx, InvalidTxError, type SignedTxInfo } from './decodeTransaction.ts';
import { executeActionReceipt, type BlockCtx } from './executeReceipt.ts';
import type { ActionReceipt, Receipt } from './types.ts';
import { ErrandError } from '../../../../common/errors/index.ts';
import { prepareContract } from './prepareContract.ts';

export type TxDropListener = (txHash: string, error: InvalidTxError) => void;
/** Hears each transaction the moment it is accepted into the mempool (benchmarks time submissions). */
export type TxSubmitListener = (tx: SignedTxInfo) => void;

export class Chain {
  readonly state: ChainState;
  private mempool: SignedTxInfo[] = [];
  private readonly blockListeners = new Set<(b: Block) => void>();
  private readonly dropListeners = new Set<TxDropListener>();
  private readonly submitListeners = new Set<TxSubmitListener>();

  constructor(config: Partial<LocalChainConfig> = {}) {
    this.state = new ChainState({ ...DEFAULT_LOCAL_CHAIN_CONFIG, ...config });
    const genesis: Block = {
      height: 1,
      hash: sha256Base58('errand-local-genesis'),
      prevHash: '11111111111111111111111111111111',
      timestampNs: BigInt(Date.now()) * 1_000_000n,
      chunkHash: sha256Base58('errand-local-genesis-chunk'),
      transactions: [],
      receipts: [],
      gasBurnt: 0n,
    };
    this.state.blocks.push(genesis);
    this.state.blocksByHash.set(genesis.hash, genesis);
    this.state.blocksByChunkHash.set(genesis.chunkHash, genesis);
  }

  onBlock(listener: (b: Block) => void): () => void {
    this.blockListeners.add(listener);
    return () => this.blockListeners.delete(listener);
  }

  onTxDropped(listener: TxDropListener): () => void {
    this.dropListeners.add(listener);
    return () => this.dropListeners.delete(listener);
  }

  onTxSubmitted(listener: TxSubmitListener): () => void {
    this.submitListeners.add(listener);
    return () => this.submitListeners.delete(listener);
  }

  /** Whether producing a block would do anything (transactions, receipts, open yields). */
  hasPendingWork(): boolean {
    if (this.mempool.length > 0 || this.state.nextIncoming.length > 0) return true;
    for (const y of this.state.yields.values()) if (y.open) return true;
    return false;
  }

  /** Validates and queues a signed transaction; returns its info. A known hash is not queued twice. */
  submit(bytes: Uint8Array): SignedTxInfo {
    const tx = decodeSignedTx(bytes);
    const known = this.state.txs.get(tx.hash) ?? this.mempool.find((t) => t.hash === tx.hash);
    if (known) return 'info' in known ? known.info : known;
    validateTransaction(this.state, tx);
    this.mempool.push(tx);
    for (const l of this.submitListeners) l(tx);
    return tx;
  }

  isInMempool(txHash: string): boolean {
    return this.mempool.some((t) => t.hash === txHash);
  }

  produceBlock(): Block {
    const s = this.state;
    const prev = s.head;
    const height = prev.height + 1;
    const nowNs = BigInt(Date.now()) * 1_000_000n;
    const timestampNs = nowNs > prev.timestampNs + s.config.minBlockIntervalNs ? nowNs : prev.timestampNs + s.config.minBlockIntervalNs;
    const hashBytes = oneShotHash('sha256', `${height}:${prev.hash}:${timestampNs}`, 'buffer');
    const hash = base58Encode(hashBytes);
    const blk: BlockCtx = { height, hash, hashBytes, timestampNs };
    const block: Block = {
      height,
      hash,
      prevHash: prev.hash,
      timestampNs,
      chunkHash: sha256Base58(`chunk:${hash}`),
      transactions: [],
      receipts: [],
      gasBurnt: 0n,
    };
    const incoming = s.nextIncoming;
    s.nextIncoming = [];
    for (const r of incoming) this.processReceipt(r, blk, block);
    for (const [dataId, y] of s.yields) {
      if (!y.open || y.expiresAt > height) continue;
      // A closed yield is forgotten (an unknown data id reads as closed), so the per-block scan
      // covers only open ones instead of every yield the chain ever made.
      s.yields.delete(dataId);
      this.processReceipt(
        { kind: 'data', receiptId: s.newId(), predecessorId: y.accountId, receiverId: y.accountId, dataId, data: null, txHash: '', isPromiseResume: true },
        blk,
        block,
      );
    }
    // Chunk producers order each key's transactions by nonce; a stable sort keeps arrival order otherwise.
    const mempool = [...this.mempool].sort((a, b) => (a.nonce < b.nonce ? -1 : a.nonce > b.nonce ? 1 : 0));
    this.mempool = [];
    for (const tx of mempool) this.includeTransaction(tx, blk, block);
    s.blocks.push(block);
    s.blocksByHash.set(block.hash, block);
    s.blocksByChunkHash.set(block.chunkHash, block);
    for (const l of this.blockListeners) l(block);
    return block;
  }

  private includeTransaction(tx: SignedTxInfo, blk: BlockCtx, block: Block): void {
    let converted;
    try {
      converted = convertTransaction(this.state, tx, blk);
    } catch (e) {
      if (!(e instanceof InvalidTxError)) throw e;
      for (const l of this.dropListeners) l(tx.hash, e);
      return;
    }
    const record: TxRecord = { info: tx, blockHeight: blk.height, blockHash: blk.hash, outcome: converted.outcome, receiptIds: [], pending: 1 };
    this.state.txs.set(tx.hash, record);
    this.state.nextIncoming.push(converted.receipt);
    this.state.receipts.set(converted.receipt.receiptId, converted.receipt);
    block.transactions.push(tx);
    block.gasBurnt += converted.outcome.gasBurnt;
  }

  private processReceipt(r: Receipt, blk: BlockCtx, block: Block): void {
    const s = this.state;
    s.receipts.set(r.receiptId, r);
    block.receipts.push(r);
    if (r.kind === 'data') {
      s.dataStore.set(r.dataId, r.data);
      const waiting = s.waitingOnData.get(r.dataId);
      if (!waiting) return;
      s.waitingOnData.delete(r.dataId);
      const postponed = s.postponed.get(waiting);
      if (postponed && postponed.inputDataIds.every((id) => s.dataStore.has(id))) {
        s.postponed.delete(waiting);
        if (!block.receipts.includes(postponed)) block.receipts.push(postponed);
        this.runAction(postponed, blk, block);
      }
      return;
    }
    const missing = r.inputDataIds.filter((id) => !s.dataStore.has(id));
    if (missing.length > 0) {
      s.postponed.set(r.receiptId, r);
      for (const id of missing) s.waitingOnData.set(id, r.receiptId);
      return;
    }
    this.runAction(r, blk, block);
  }

  private runAction(r: ActionReceipt, blk: BlockCtx, block: Block): void {
    const s = this.state;
    const mark = s.createdLog.length;
    const outcome = executeActionReceipt(s, r, blk);
    outcome.receiptIds = s.createdLog.slice(mark);
    s.outcomes.set(r.receiptId, outcome);
    for (const id of r.inputDataIds) s.dataStore.delete(id);
    block.gasBurnt += outcome.gasBurnt;
    const tx = s.txs.get(r.txHash);
    if (tx) {
      tx.receiptIds.push(r.receiptId);
      tx.pending -= 1;
    }
  }

  /** Programmatic account creation (genesis-style, no transaction): a full-access key and a balance. */
  createAccount(accountId: string, amount: bigint, publicKey: string): void {
    if (this.state.accounts.has(accountId)) throw new InvalidTxError({ AccountAlreadyExists: { account_id: accountId } });
    const acct = newAccount(accountId, amount);
    acct.keys.set(publicKey, { nonce: BigInt(this.state.head.height) * 1_000_000n, permission: { kind: 'full' } });
    acct.storageUsage += 82n;
    this.state.accounts.set(accountId, acct);
  }

  /** Programmatic deploy (no transaction): sets the account's code. */
  deployContract(accountId: string, code: Uint8Array): void {
    const acct = this.state.accounts.get(accountId);
    if (!acct) throw new InvalidTxError({ AccountDoesNotExist: { account_id: accountId } });
    const refused = prepareContract(this.state, code);
    if (refused) throw new ErrandError('CHAIN__INVALID_WASM', `cannot deploy to ${accountId}: ${refused}`, { accountId, reason: refused });
    acct.storageUsage += BigInt(code.length - (acct.code?.length ?? 0));
    acct.code = code;
    acct.codeHash = sha256Base58(code);
  }

  randomSeedFor(tag: string): Uint8Array {
    return new Uint8Array(createHash('sha256').update(this.state.head.hash).update(tag).digest());
  }
}
