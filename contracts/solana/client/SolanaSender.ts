/**
 * Signs, sends and confirms one instruction, then reads the landed transaction back: its logs,
 * compute units and decoded Errand events. Confirmation is at `confirmed` (what a dApp waits
 * for); preflight failures and landed failures both become coded errors (programError.ts).
 * Signing is Node's ed25519 (signLegacy.ts), the send a plain JSON-RPC call (rpcCall.ts), and the
 * confirmation shared with every sender on the Connection (SignatureConfirmer.ts): web3.js's
 * pure-JS signer, schema validation and per-transaction subscriptions were most of a send's CPU.
 */
import type { EventParser, Idl } from '@coral-xyz/anchor';
import { Transaction, type Connection, type Keypair, type TransactionInstruction } from '@solana/web3.js';
import { throwIfAborted, withTimeout } from '../../../common/abort.ts';
import { ErrandError } from '../../../common/errors/index.ts';
import { parseEvents, type DecodedEvent } from './events.ts';
import { txFailed } from './programError.ts';
import { rpcCall, rpcReply } from './rpcCall.ts';
import { signLegacy } from './signLegacy.ts';
import { SignatureConfirmer } from './SignatureConfirmer.ts';

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
    const { wire, signature } = signLegacy(tx, [payer, ...signers]);
    const sent = await rpcReply(
      this.connection,
      'sendTransaction',
      [wire.toString('base64'), { encoding: 'base64', preflightCommitment: 'confirmed' }],
      signal,
    );
    if (sent.error) {
      const logs = (sent.error.data as { logs?: unknown } | undefined)?.logs;
      const message = String(sent.error.message).slice(0, 500);
      throw txFailed(this.idl, programId, '', Array.isArray(logs) ? logs.map(String) : null, message);
    }
    if (sent.result !== signature)
      throw new ErrandError('CHAIN__BAD_RESPONSE', `sendTransaction answered ${String(sent.result).slice(0, 100)} for ${signature}`, {
        method: 'sendTransaction',
        detail: 'another signature',
      });
    const confirmed = await SignatureConfirmer.of(this.connection).confirm(signature, lastValidBlockHeight, signal);
    if (how.readBack === false && !confirmed.err) return { signature, slot: confirmed.slot, computeUnits: 0, logs: [], events: [] };
    const landed = await this.readBack(signature, signal);
    if (confirmed.err || landed.err) throw txFailed(this.idl, programId, signature, landed.logs, JSON.stringify(landed.err ?? confirmed.err));
    return { signature, slot: landed.slot, computeUnits: landed.computeUnits, logs: landed.logs, events: parseEvents(this.parser, landed.logs) };
  }

  /** The landed transaction's slot, error, logs and compute units (base64: the node does not
   * re-encode the message, and nothing else of it is read). */
  private async readBack(signature: string, signal: AbortSignal): Promise<{ slot: number; err: unknown; logs: string[]; computeUnits: number }> {
    const params = [signature, { commitment: 'confirmed', encoding: 'base64', maxSupportedTransactionVersion: 0 }];
    const t = (await rpcCall(this.connection, 'getTransaction', params, signal)) as {
      slot?: unknown;
      meta?: { err?: unknown; logMessages?: unknown; computeUnitsConsumed?: unknown } | null;
    } | null;
    if (!t?.meta) throw new ErrandError('CHAIN__UNKNOWN_TRANSACTION', `transaction ${signature} confirmed but not found`, { txHash: signature });
    const logs = t.meta.logMessages ?? [];
    if (typeof t.slot !== 'number' || !Array.isArray(logs) || !logs.every((l) => typeof l === 'string'))
      throw new ErrandError('CHAIN__BAD_RESPONSE', `getTransaction ${signature}: no slot or log lines`, { method: 'getTransaction', detail: 'shape' });
    const units = t.meta.computeUnitsConsumed;
    return { slot: t.slot, err: t.meta.err ?? null, logs: logs as string[], computeUnits: typeof units === 'number' ? units : 0 };
  }
}
