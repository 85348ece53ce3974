/**
 * A Solana runtime in this process: LiteSVM (the real program loader, VM and builtins) plus what a
 * validator adds around it and LiteSVM does not keep: a slot clock that advances on a timer and on
 * demand, the history of landed transactions by signature and by address, their balances before
 * and after, and notifications for the PubSub server. Finality is reported as validators report
 * it: a transaction is `processed` in its slot, `confirmed` one slot later and `finalized` 32
 * slots later. It does not promise fork choice, leader schedules or fee markets (fee: 5000
 * lamports per signature, as LiteSVM charges).
 */
import { EventEmitter } from 'node:events';
import { utils } from '@coral-xyz/anchor';
import { PublicKey } from '@solana/web3.js';
import { Account, LiteSvm, type FailedTransactionMetadata, type TransactionMetadata } from 'litesvm/dist/internal.js';
import { describeError, toRpcError, type RpcTxError } from './txError.ts';
import type { TxRecord } from './TxRecord.ts';
import { keyName, parseWire, type WireTx } from './wireTx.ts';

const bs58 = utils.bytes.bs58;
export const FINALIZED_DEPTH = 32;
export const MAX_BLOCKHASH_AGE = 150;
export type Commitment = 'processed' | 'confirmed' | 'finalized';

export interface SimulationResult {
  err: RpcTxError | null;
  logs: string[];
  unitsConsumed: number;
}

/** A transaction the runtime refused before executing it (bad signature, unknown blockhash, ...). */
export class RejectedTransaction extends Error {
  constructor(
    readonly rpcError: RpcTxError,
    readonly logs: string[],
    readonly unitsConsumed: number,
  ) {
    super(describeError(rpcError, logs));
  }
}

function isFailed(r: TransactionMetadata | FailedTransactionMetadata): r is FailedTransactionMetadata {
  return typeof (r as FailedTransactionMetadata).err === 'function';
}

export class LocalSvm extends EventEmitter {
  readonly svm = new LiteSvm();
  private readonly bySignature = new Map<string, TxRecord>();
  private readonly byAddress = new Map<string, TxRecord[]>();
  private timer: NodeJS.Timeout | undefined;
  private currentSlot: number | undefined;
  /** Blockhash -> the slot it was produced in; a transaction may use any of the last 150. */
  private readonly recentBlockhashes = new Map<string, number>();

  /** `maxBlockhashAge`: slots a blockhash stays valid (Solana: 150, about a minute of 400 ms
   * slots; a chain with much faster slots keeps more so a transaction has as long in wall time). */
  constructor(private readonly maxBlockhashAge = MAX_BLOCKHASH_AGE) {
    super();
    this.setMaxListeners(0);
    // LiteSVM accepts only its latest blockhash; validators accept the last 150. The window is
    // checked here instead, and every slot gets a new blockhash.
    this.svm.setBlockhashCheck(false);
    this.recentBlockhashes.set(this.svm.latestBlockhash(), this.slot());
  }

  latestBlockhash(): { blockhash: string; lastValidBlockHeight: number } {
    const blockhash = this.svm.latestBlockhash();
    return { blockhash, lastValidBlockHeight: (this.recentBlockhashes.get(blockhash) ?? this.slot()) + this.maxBlockhashAge };
  }

  isRecentBlockhash(hash: string): boolean {
    return this.recentBlockhashes.has(hash);
  }

  private checkBlockhash(tx: WireTx): void {
    if (!this.recentBlockhashes.has(tx.recentBlockhash)) throw new RejectedTransaction('BlockhashNotFound', [], 0);
  }

  /** The clock's slot, kept here: reading LiteSVM's Clock sysvar each time (most RPC replies and
   * every commitment check ask) was a visible share of the chain thread. Only advance() moves it. */
  slot(): number {
    return (this.currentSlot ??= Number(this.svm.getClock().slot));
  }

  /** Advances the clock by `n` slots and notifies slot and commitment subscribers. */
  advance(n = 1): number {
    const slot = this.slot() + n;
    this.svm.warpToSlot(BigInt(slot));
    this.currentSlot = slot;
    this.svm.expireBlockhash();
    this.recentBlockhashes.set(this.svm.latestBlockhash(), slot);
    // Oldest first (insertion order): stop at the first one still valid, not scan thousands a slot.
    for (const [hash, at] of this.recentBlockhashes) {
      if (at >= slot - this.maxBlockhashAge) break;
      this.recentBlockhashes.delete(hash);
    }
    this.emit('slot', slot);
    return slot;
  }

  startClock(slotMs: number): void {
    this.stopClock();
    this.timer = setInterval(() => this.advance(1), slotMs);
    this.timer.unref();
  }

  stopClock(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Sets a system account's balance (genesis funding: no transaction, no history). */
  fund(key: PublicKey, lamports: bigint): void {
    this.svm.setAccount(key.toBytes(), new Account(lamports, new Uint8Array(0), new Uint8Array(32), false, 0n));
  }

  balance(key: string): number {
    return Number(this.svm.getBalance(new PublicKey(key).toBytes()) ?? 0n);
  }

  private run(wire: Buffer, tx: WireTx, simulate: boolean): { result: TransactionMetadata | FailedTransactionMetadata } {
    const legacy = tx.version === 'legacy';
    if (simulate) {
      const sim = legacy ? this.svm.simulateLegacyTransaction(wire) : this.svm.simulateVersionedTransaction(wire);
      return {
        result: isFailed(sim as TransactionMetadata | FailedTransactionMetadata)
          ? (sim as FailedTransactionMetadata)
          : (sim as { meta(): TransactionMetadata }).meta(),
      };
    }
    return { result: legacy ? this.svm.sendLegacyTransaction(wire) : this.svm.sendVersionedTransaction(wire) };
  }

  /** `parsed`: the wire already walked by the caller (parseWire: the RPC server parses once for
   * its check, the preflight and the send). */
  simulate(wire: Buffer, parsed = parseWire(wire)): SimulationResult {
    try {
      this.checkBlockhash(parsed);
    } catch (e) {
      if (e instanceof RejectedTransaction) return { err: e.rpcError, logs: [], unitsConsumed: 0 };
      throw e;
    }
    const { result } = this.run(wire, parsed, true);
    const meta = isFailed(result) ? result.meta() : result;
    return { err: isFailed(result) ? toRpcError(result) : null, logs: meta.logs(), unitsConsumed: Number(meta.computeUnitsConsumed()) };
  }

  /** Executes a signed transaction. A transaction that fails inside a program lands (fee paid,
   * error recorded); one refused before execution throws RejectedTransaction and leaves no trace. */
  send(wire: Buffer, parsed = parseWire(wire)): TxRecord {
    this.checkBlockhash(parsed);
    const keys = parsed.keys;
    const accountKeys = keys.map(keyName);
    // From the parsed keys' bytes: decoding base58 back per balance was most of a send's cost.
    const balances = (): number[] => keys.map((k) => Number(this.svm.getBalance(k) ?? 0n));
    const preBalances = balances();
    const { result } = this.run(wire, parsed, false);
    const meta = isFailed(result) ? result.meta() : result;
    const err = isFailed(result) ? toRpcError(result) : null;
    const landed = err === null || (typeof err === 'object' && 'InstructionError' in err);
    if (!landed) throw new RejectedTransaction(err, meta.logs(), Number(meta.computeUnitsConsumed()));
    const record: TxRecord = {
      signature: bs58.encode(parsed.signatures[0]),
      slot: this.slot(),
      blockTime: Math.floor(Date.now() / 1000),
      wire,
      version: parsed.version,
      accountKeys,
      err,
      logs: meta.logs(),
      fee: 5000 * parsed.signatures.length,
      computeUnits: Number(meta.computeUnitsConsumed()),
      preBalances,
      postBalances: balances(),
    };
    this.bySignature.set(record.signature, record);
    for (const k of accountKeys) {
      const list = this.byAddress.get(k) ?? [];
      list.push(record);
      this.byAddress.set(k, list);
    }
    this.emit('transaction', record);
    return record;
  }

  transaction(signature: string): TxRecord | undefined {
    return this.bySignature.get(signature);
  }

  /** Newest first, as getSignaturesForAddress returns them, without copying the address's
   * history (a caller may stop early). */
  *signaturesNewestFirst(address: string): Generator<TxRecord> {
    const list = this.byAddress.get(address) ?? [];
    for (let i = list.length - 1; i >= 0; i--) yield list[i]!;
  }

  commitmentOf(record: TxRecord, slot = this.slot()): Commitment {
    const age = slot - record.slot;
    if (age >= FINALIZED_DEPTH) return 'finalized';
    return age >= 1 ? 'confirmed' : 'processed';
  }
}

export function reaches(have: Commitment, want: Commitment): boolean {
  const order: Commitment[] = ['processed', 'confirmed', 'finalized'];
  return order.indexOf(have) >= order.indexOf(want);
}
