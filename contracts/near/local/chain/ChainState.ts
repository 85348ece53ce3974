/**
 * Everything the local chain remembers: accounts, blocks, transactions and their receipt trees,
 * execution outcomes, receipts waiting for data, open yields, and the queue of receipts for the
 * next block. Plain data plus id helpers; the rules live in executeReceipt / convertTransaction.
 */
import { hash } from 'node:crypto';
import { base58Encode } from './base58.ts';
import { ACCOUNT_RECORD_BYTES, type LocalChainConfig } from './config.ts';
import { nearProtocol, type NearProtocol } from '../vm/protocol.ts';
import type { AccessKeyState, AccountState, ActionReceipt, ExecutionOutcome, Receipt } from './types.ts';
import type { WasmModule } from '../vm/wasmApi.ts';
import type { SignedTxInfo } from './decodeTransaction.ts';

export interface Block {
  height: number;
  hash: string;
  prevHash: string;
  timestampNs: bigint;
  chunkHash: string;
  transactions: SignedTxInfo[];
  /** Receipts executed in this block (action and data), in order. */
  receipts: Receipt[];
  gasBurnt: bigint;
}

export interface TxRecord {
  info: SignedTxInfo;
  blockHeight: number;
  blockHash: string;
  outcome: ExecutionOutcome;
  /** Receipt outcomes of the tree, in execution order. */
  receiptIds: string[];
  /** Action receipts of the tree created but not executed yet. */
  pending: number;
}

export interface YieldEntry {
  accountId: string;
  callbackReceiptId: string;
  expiresAt: number;
  open: boolean;
}

export const NO_CODE_HASH = '11111111111111111111111111111111';
/** The first 24 bytes of every receipt and data id (then an 8-byte counter). */
const ID_PREFIX = hash('sha256', 'errand-local-ids', 'buffer').subarray(0, 24);

export class ChainState {
  readonly accounts = new Map<string, AccountState>();
  readonly blocks: Block[] = [];
  readonly blocksByHash = new Map<string, Block>();
  /** Blocks by their (single) chunk's hash: `chunk` RPC lookups without scanning the whole chain. */
  readonly blocksByChunkHash = new Map<string, Block>();
  readonly txs = new Map<string, TxRecord>();
  readonly outcomes = new Map<string, ExecutionOutcome>();
  readonly receipts = new Map<string, Receipt>();
  readonly yields = new Map<string, YieldEntry>();
  /** Action receipts waiting for input data, by receipt id. */
  readonly postponed = new Map<string, ActionReceipt>();
  readonly dataStore = new Map<string, Uint8Array | null>();
  readonly waitingOnData = new Map<string, string>();
  readonly modules = new Map<string, WasmModule>();
  /** What the configured protocol version implies (gas ceiling, features, instruction price). */
  readonly protocol: NearProtocol;
  nextIncoming: Receipt[] = [];
  /** Ids of action receipts in creation order; an outcome's receipt_ids are the slice its execution added. */
  readonly createdLog: string[] = [];
  private idCounter = 0;

  constructor(readonly config: LocalChainConfig) {
    this.protocol = nearProtocol(config.protocolVersion);
  }

  get head(): Block {
    const b = this.blocks[this.blocks.length - 1];
    if (!b) throw new Error('chain has no genesis block');
    return b;
  }

  get finalHead(): Block {
    const idx = Math.max(0, this.blocks.length - 1 - this.config.finalityLagBlocks);
    return this.blocks[idx] ?? this.head;
  }

  blockAt(height: number): Block | undefined {
    const first = this.blocks[0];
    return first ? this.blocks[height - first.height] : undefined;
  }

  /**
   * A fresh 32-byte id (receipt ids, data ids), unique within this chain: a fixed hash-looking
   * prefix and a counter. Nothing reads meaning into ids, so they need not be hashes of anything
   * (hashing each one was a visible share of the chain's profile).
   */
  newIdBytes(): Uint8Array {
    this.idCounter += 1;
    const id = new Uint8Array(32);
    id.set(ID_PREFIX);
    const view = new DataView(id.buffer);
    view.setUint32(24, Math.floor(this.idCounter / 2 ** 32));
    view.setUint32(28, this.idCounter >>> 0);
    return id;
  }

  newId(): string {
    return base58Encode(this.newIdBytes());
  }

  /** Records a new action receipt as part of its transaction's tree. */
  registerCreated(r: ActionReceipt): void {
    this.receipts.set(r.receiptId, r);
    this.createdLog.push(r.receiptId);
    const tx = this.txs.get(r.txHash);
    if (tx) tx.pending += 1;
  }

  storageRequirement(acct: AccountState): bigint {
    return acct.storageUsage * this.config.storageAmountPerByte;
  }
}

export function sha256Base58(data: Uint8Array | string): string {
  return base58Encode(hash('sha256', data, 'buffer'));
}

export function accessKeyStorageBytes(publicKeyLen: number, key: AccessKeyState): bigint {
  // borsh(PublicKey) + borsh(AccessKey) + NEAR's per-record overhead.
  const permissionBytes =
    key.permission.kind === 'full'
      ? 1
      : 1 +
        1 +
        (key.permission.allowance === null ? 0 : 16) +
        4 +
        key.permission.receiverId.length +
        4 +
        key.permission.methodNames.reduce((n, m) => n + 4 + m.length, 0);
  return BigInt(1 + publicKeyLen + 8 + permissionBytes) + 40n;
}

export function newAccount(id: string, amount: bigint): AccountState {
  return { id, amount, locked: 0n, code: null, codeHash: NO_CODE_HASH, storage: new Map(), keys: new Map(), storageUsage: ACCOUNT_RECORD_BYTES };
}
