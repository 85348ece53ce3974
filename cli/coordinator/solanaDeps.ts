/**
 * The coordinator's Solana side from the environment: SOLANA_RPC_URL + SOLANA_PROGRAM_ID watch the
 * program (finalized transactions; SOLANA_WS_URL for the log subscription, default the RPC URL over
 * ws); SOLANA_RESOLVER_KEYPAIR_FILE (a registered worker authority's solana-keygen JSON) lets the
 * coordinator resolve Solana requests that failed for good on-chain with their error.
 */
import { Connection, Keypair, PublicKey } from '@solana/web3.js';
import type { ChainWatcher, ResolveSubmitter } from '../../common/ports/index.ts';
import { ErrandSolanaClient, SolanaResolveSubmitter } from '../../contracts/solana/client/index.ts';
import { SolanaChainWatcher } from '../../contracts/solana/client/watcher/index.ts';
import type { DashboardSolana } from '../../coordinator/dashboard/DashboardDeps.ts';
import { readSolanaKeypairFile } from '../../worker/solanaKeypairFile.ts';

export interface SolanaCoordinatorDeps {
  watcher?: { name: string; watcher: ChainWatcher };
  resolveSubmitter?: ResolveSubmitter;
  dashboard?: { solana: DashboardSolana };
}

export function solanaDepsFromEnv(env: NodeJS.ProcessEnv): SolanaCoordinatorDeps {
  if (!env.SOLANA_RPC_URL || !env.SOLANA_PROGRAM_ID) return {};
  const wsEndpoint = env.SOLANA_WS_URL ?? env.SOLANA_RPC_URL.replace(/^http/, 'ws');
  const connection = new Connection(env.SOLANA_RPC_URL, { commitment: 'confirmed', wsEndpoint });
  const programId = new PublicKey(env.SOLANA_PROGRAM_ID);
  const out: SolanaCoordinatorDeps = {
    watcher: { name: `solana:${programId.toBase58()}`, watcher: new SolanaChainWatcher({ connection, programId, wsEndpoint }) },
    // The dashboard only reads (pricing, worker accounts): a throwaway payer that never signs.
    dashboard: { solana: { programId: programId.toBase58(), client: new ErrandSolanaClient(connection, Keypair.generate(), programId) } },
  };
  if (env.SOLANA_RESOLVER_KEYPAIR_FILE) {
    out.resolveSubmitter = new SolanaResolveSubmitter(new ErrandSolanaClient(connection, readSolanaKeypairFile(env.SOLANA_RESOLVER_KEYPAIR_FILE), programId));
  }
  return out;
}
