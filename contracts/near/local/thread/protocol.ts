/**
 * Messages between a LocalNearThread (the owner, in the caller's thread) and the local chain running
 * in its own worker thread. Calls carry an id and get exactly one reply; observations (blocks,
 * submitted transactions) flow one way, only when the owner asked for them.
 */
import type { ErrorShape } from '../../../../common/threads/threadErrors.ts';
import type { LocalNearOptions } from '../LocalNear.ts';

export interface ChainThreadData {
  options: LocalNearOptions;
  /** Forward a summary of every block and every accepted transaction (benchmarks time them). */
  observe: boolean;
}

export type ChainCall =
  | { id: number; op: 'createAccount'; accountId: string; balance: bigint; secretKey: string }
  | { id: number; op: 'deployContract'; accountId: string; wasm: Uint8Array }
  | { id: number; op: 'close' };

export type ChainReply = { id: number; ok: true } | { id: number; ok: false; error: ErrorShape };

/** What a block did, as the owner sees it: when it was produced and the logs of its receipts. */
export interface BlockObservation {
  height: number;
  /** The block's timestamp (wall clock when the chain started producing it), in ms. */
  timestampMs: number;
  receipts: { receiptId: string; receiverId: string; logs: string[] }[];
}

/** A transaction accepted into the mempool, stamped with the chain thread's wall clock. */
export interface TxObservation {
  atMs: number;
  hash: string;
  signerId: string;
  receiverId: string;
  functionCalls: { methodName: string; args: Uint8Array }[];
}

export type ChainNotice = { kind: 'ready'; rpcUrl: string } | { kind: 'block'; block: BlockObservation } | { kind: 'tx'; tx: TxObservation };

export type ChainThreadMessage = ChainReply | ChainNotice;
