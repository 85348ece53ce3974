/**
 * Signs, sends and confirms one instruction, then reads the landed transaction back: its logs,
 * compute units and decoded Errand events. Confirmation is at `confirmed` (what a dApp waits
 * for); preflight failures and landed failures both become coded errors (programError.ts).
 */
import type { EventParser, Idl } from '@coral-xyz/anchor';
import { SendTransactionError, Transaction, type Connection, type Keypair, type TransactionInstruction } from '@solana/web3.js';
import { throwIfAborted, withTimeout } from '../../../common/abort.ts';
import { ErrandError } from '../../../common/errors/index.ts';
import { parseEvents, type DecodedEvent } from './events.ts';
import { txFailed } from './programError.ts';

const DEFAULT_TIMEOUT_MS = 60_000;

export interface Sent {
  signature: string;
  slot: number;
  computeUnits: number;
  logs: string[];
  events: DecodedEvent[];
}

export interface RecentBlockhash {
  blockhash: string;
  lastValidBlockHeight: number;
}

/** How one send is made. `blockhash`: one the caller holds (else a fresh one is read). `readBack:
 * false`: a transaction confirmed without error is not read back (Sent has no logs, events or
 * compute units then); a failed one always is, for its error. */
export interface SendHow {
  blockhash?: RecentBlockhash;
  readBack?: boolean;
}

export class SolanaSender {
  constructor(
    readonly connection: Connection,
    private readonly idl: Idl,
    private readonly parser: EventParser,
  ) {}

  /** `signal` cancels the wait (not a transaction already sent); `timeoutMs` bounds the whole call.
   * Several instructions go in one transaction (a compute-budget price first, then the program's);
   * program errors are read for the last one. */
  async send(
    ix: TransactionInstruction | TransactionInstruction[],
    payer: Keypair,
    signers: Keypair[] = [],
    signal?: AbortSignal,
    timeoutMs = DEFAULT_TIMEOUT_MS,
    how: SendHow = {},
  ): Promise<Sent> {
    const cancel = withTimeout(signal, timeoutMs);
    try {
      return await this.sendOnce(ix, payer, signers, cancel, how);
    } catch (e) {
      throwIfAborted(cancel, 'solana transaction', timeoutMs);
      throw e;
    }
  }

  /** Simulates `ix` signed by `payer` (no signature check): the error (null on success) and logs. */
  async simulate(ix: TransactionInstruction, payer: Keypair): Promise<{ err: unknown; logs: string[] }> {
    const { blockhash, lastValidBlockHeight } = await this.connection.getLatestBlockhash('confirmed');
    const tx = new Transaction({ feePayer: payer.publicKey, blockhash, lastValidBlockHeight }).add(ix);
    tx.sign(payer);
    const sim = await this.connection.simulateTransaction(tx);
    return { err: sim.value.err, logs: sim.value.logs ?? [] };
  }

  private async sendOnce(
    ix: TransactionInstruction | TransactionInstruction[],
    payer: Keypair,
    signers: Keypair[],
    signal: AbortSignal,
    how: SendHow,
  ): Promise<Sent> {
    const ixs = Array.isArray(ix) ? ix : [ix];
    const programId = ixs[ixs.length - 1]!.programId.toBase58();
    const { blockhash, lastValidBlockHeight } = how.blockhash ?? (await this.connection.getLatestBlockhash('confirmed'));
    throwIfAborted(signal, 'solana transaction');
    const tx = new Transaction({ feePayer: payer.publicKey, blockhash, lastValidBlockHeight }).add(...ixs);
    tx.sign(payer, ...signers.filter((s) => !s.publicKey.equals(payer.publicKey)));
    let signature: string;
    try {
      signature = await this.connection.sendRawTransaction(tx.serialize({ verifySignatures: false }));
    } catch (e) {
      if (e instanceof SendTransactionError) throw txFailed(this.idl, programId, '', e.logs, e.message);
      throw e;
    }
    const confirmed = await this.connection.confirmTransaction({ signature, blockhash, lastValidBlockHeight, abortSignal: signal }, 'confirmed');
    if (how.readBack === false && !confirmed.value.err) return { signature, slot: confirmed.context.slot, computeUnits: 0, logs: [], events: [] };
    const landed = await this.connection.getTransaction(signature, { commitment: 'confirmed', maxSupportedTransactionVersion: 0 });
    if (!landed?.meta) throw new ErrandError('CHAIN__UNKNOWN_TRANSACTION', `transaction ${signature} confirmed but not found`, { txHash: signature });
    const logs = landed.meta.logMessages ?? [];
    if (confirmed.value.err || landed.meta.err) throw txFailed(this.idl, programId, signature, logs, JSON.stringify(landed.meta.err));
    return { signature, slot: landed.slot, computeUnits: landed.meta.computeUnitsConsumed ?? 0, logs, events: parseEvents(this.parser, logs) };
  }
}
