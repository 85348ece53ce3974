/**
 * Which Errand Solana program `errand request --chain solana` talks to: the running `errand dev
 * --chain solana` stack found in `--data-dir` (default: its RPC, PubSub, program, dev user's
 * keypair and coordinator), or a real cluster named by flags or the environment (--rpc-url /
 * SOLANA_RPC_URL, --ws-url / SOLANA_WS_URL, --program / ERRAND_SOLANA_PROGRAM_ID, --keypair /
 * SOLANA_KEYPAIR, --coordinator / COORDINATOR_URL). The keypair goes to the client only, never printed.
 */
import type { ErrandSolanaClient } from '../../contracts/solana/client/index.ts';
import type { CoordinatorClient } from '../../coordinator/client/CoordinatorClient.ts';
import { loadSolanaKeypair } from '../../keystore/client/solanaKeypair.ts';
import { solanaSecretsClient } from '../../keystore/client/solanaSecretsOnChain.ts';
import { invalidFlag, solanaEndpoints, type SolanaEndpointFlags } from './solanaEndpoints.ts';

export const SOLANA_TARGET_OPTIONS = {
  program: { type: 'string' },
  keypair: { type: 'string' },
  'ws-url': { type: 'string' },
} as const;

export const SOLANA_TARGET_USAGE =
  'with --chain solana: [--data-dir D] | [--rpc-url URL [--ws-url URL] --program ID --keypair F] [--coordinator URL --token T]';

export interface SolanaTargetFlags extends SolanaEndpointFlags {
  keypair?: string;
}

export interface SolanaTarget {
  /** True for a local `errand dev` stack: local paths become file:// sources. */
  dev: boolean;
  chain: 'solana';
  programId: string;
  /** Signs as the requester. */
  client: ErrandSolanaClient;
  coordinator: CoordinatorClient | undefined;
  dataDir: string;
  close(): void;
}

export function resolveSolanaTarget(flags: SolanaTargetFlags, env: NodeJS.ProcessEnv = process.env): SolanaTarget {
  const at = solanaEndpoints(flags, env);
  const payer = loadSolanaKeypair(flags.keypair ?? at.devKeypairFile, env);
  if (!payer) {
    at.coordinator?.close();
    throw invalidFlag('keypair', 'give --keypair F (a solana-keygen JSON file, or SOLANA_KEYPAIR) to sign on a real cluster');
  }
  return {
    dev: at.dev,
    chain: 'solana',
    programId: at.programId,
    dataDir: at.dataDir,
    coordinator: at.coordinator,
    close: () => at.coordinator?.close(),
    client: solanaSecretsClient({ rpcUrl: at.rpcUrl, programId: at.programId, ...(at.wsUrl !== undefined && { wsUrl: at.wsUrl }) }, payer),
  };
}
