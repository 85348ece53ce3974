/**
 * Messages between a LocalSolanaThread (the owner, in the caller's thread) and the local Solana
 * running in its own worker thread. Calls carry an id and get exactly one reply; observations
 * (slots, executed transactions) flow one way, only when the owner asked for them.
 */
import type { ErrorShape } from '../../../../common/threads/threadErrors.ts';
import type { LocalSolanaOptions } from '../LocalSolana.ts';

/** LocalSolana's options that can cross a thread boundary (no functions): the Config is the dev
 * one (devConfig) with these fields replaced. */
export interface SolanaThreadOptions extends Omit<LocalSolanaOptions, 'config'> {
  timeoutSlots?: bigint;
}

export interface SolanaThreadData {
  options: SolanaThreadOptions;
  /** Forward every slot and every executed transaction (benchmarks time them). */
  observe: boolean;
}

export type SolanaCall = { id: number; op: 'fund'; key: string; lamports: bigint } | { id: number; op: 'advance'; slots: number } | { id: number; op: 'close' };

export type SolanaReply = { id: number; ok: true; value?: number } | { id: number; ok: false; error: ErrorShape };

/** A transaction the chain executed, stamped with the chain thread's wall clock. */
export interface SolanaTxObservation {
  atMs: number;
  signature: string;
  slot: number;
  failed: boolean;
  logs: string[];
}

export type SolanaNotice =
  { kind: 'ready'; url: string; wsUrl: string } | { kind: 'slot'; slot: number; atMs: number } | { kind: 'tx'; tx: SolanaTxObservation };

export type SolanaThreadMessage = SolanaReply | SolanaNotice;
