/**
 * Where `errand verify --chain solana` reads: the Solana program (read-only: no keypair is needed to
 * audit) and the coordinator, from the running `errand dev` stack of --data-dir or from flags /
 * environment (--rpc-url / SOLANA_RPC_URL, --ws-url / SOLANA_WS_URL, --program /
 * ERRAND_SOLANA_PROGRAM_ID, --coordinator / COORDINATOR_URL, --token / COORDINATOR_TOKEN).
 */
import { solanaEndpoints, type SolanaEndpointFlags } from '../endpoint/solanaEndpoints.ts';
import type { PartsSource } from './fetchParts.ts';
import { solanaReader, type SolanaReader } from './readOnSolana.ts';

export type SolanaVerifyFlags = SolanaEndpointFlags;

export interface SolanaVerifyTarget {
  reader: SolanaReader;
  /** For fetchParts: chain 'solana', contractId = the program id, the coordinator. */
  parts: PartsSource & { close(): void };
  close(): void;
}

export function solanaVerifyTarget(flags: SolanaVerifyFlags, env: NodeJS.ProcessEnv = process.env): SolanaVerifyTarget {
  const at = solanaEndpoints(flags, env);
  const reader = solanaReader(at.rpcUrl, at.programId, at.wsUrl);
  const close = (): void => at.coordinator?.close();
  const parts = { chain: 'solana' as const, contractId: reader.programId.toBase58(), coordinator: at.coordinator, close };
  return { reader, parts, close };
}
