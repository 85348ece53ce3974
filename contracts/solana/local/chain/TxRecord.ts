/** One executed transaction as the local Solana keeps it for getTransaction and the subscriptions. */
import type { RpcTxError } from './txError.ts';

export interface TxRecord {
  signature: string;
  slot: number;
  blockTime: number;
  /** Raw signed transaction bytes (legacy or v0), as sent. */
  wire: Buffer;
  /** The wire's format ('legacy' or 0), so a base64 getTransaction need not parse it again. */
  version: 'legacy' | number;
  accountKeys: string[];
  err: RpcTxError | null;
  logs: string[];
  fee: number;
  computeUnits: number;
  preBalances: number[];
  postBalances: number[];
}
