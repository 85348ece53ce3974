/**
 * Which Errand Solana program `errand request --chain solana` talks to: the running `errand dev
 * --chain solana` stack found in `--data-dir` (default: its RPC, PubSub, program, dev user's
 * keypair and coordinator), or a real cluster named by flags or the environment (--rpc-url /
 * SOLANA_RPC_URL, --ws-url / SOLANA_WS_URL, --program / ERRAND_SOLANA_PROGRAM_ID, --keypair /
 * SOLANA_KEYPAIR, --coordinator / COORDINATOR_URL). The keypair goes to the client only, never printed.
 */
import { ErrandError } from '../../common/errors/index.ts';
import type { ErrandSolanaClient } from '../../contracts/solana/client/index.ts';
import { CoordinatorClient } from '../../coordinator/client/CoordinatorClient.ts';
import { loadSolanaKeypair } from '../../keystore/client/solanaKeypair.ts';
import { solanaSecretsClient } from '../../keystore/client/solanaSecretsOnChain.ts';
import { isSolanaAddress } from '../../keystore/envelope/solanaAddress.ts';
import { DEFAULT_DATA_DIR, readStackFile, stackSide } from '../dev/stackFile.ts';
import type { TargetFlags } from './resolveTarget.ts';

export const SOLANA_TARGET_OPTIONS = {
  program: { type: 'string' },
  keypair: { type: 'string' },
  'ws-url': { type: 'string' },
} as const;

export const SOLANA_TARGET_USAGE =
  'with --chain solana: [--data-dir D] | [--rpc-url URL [--ws-url URL] --program ID --keypair F] [--coordinator URL --token T]';

export interface SolanaTargetFlags extends TargetFlags {
  program?: string;
  keypair?: string;
  'ws-url'?: string;
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

function invalid(field: string, message: string): ErrandError<'COMMON__INVALID_ARGUMENT'> {
  return new ErrandError('COMMON__INVALID_ARGUMENT', message, { field, issues: [message] });
}

function httpUrl(field: string, value: string, protocols: string[]): string {
  let u: URL;
  try {
    u = new URL(value);
  } catch {
    throw invalid(field, `--${field} must be a URL, got '${value}'`);
  }
  if (!protocols.includes(u.protocol)) throw invalid(field, `--${field} must be a ${protocols.join(' or ')} URL, got '${value}'`);
  return value;
}

export function resolveSolanaTarget(flags: SolanaTargetFlags, env: NodeJS.ProcessEnv = process.env): SolanaTarget {
  const dataDir = flags['data-dir'] ?? DEFAULT_DATA_DIR;
  const rpcUrl = flags['rpc-url'] ?? env['SOLANA_RPC_URL'];
  if (!rpcUrl) {
    const stack = stackSide(readStackFile(dataDir), 'solana');
    const payer = loadSolanaKeypair(flags.keypair ?? stack.keypairFile, env)!;
    const coordinator = new CoordinatorClient({ baseUrl: stack.coordinatorUrl, token: stack.adminToken });
    return {
      dev: true,
      chain: 'solana',
      programId: stack.programId,
      dataDir,
      coordinator,
      close: () => coordinator.close(),
      client: solanaSecretsClient({ rpcUrl: stack.rpcUrl, wsUrl: flags['ws-url'] ?? stack.wsUrl, programId: stack.programId }, payer),
    };
  }
  httpUrl('rpc-url', rpcUrl, ['http:', 'https:']);
  const wsUrl = flags['ws-url'] ?? env['SOLANA_WS_URL'];
  if (wsUrl !== undefined) httpUrl('ws-url', wsUrl, ['ws:', 'wss:']);
  const programId = flags.program ?? env['ERRAND_SOLANA_PROGRAM_ID'];
  if (!programId) throw invalid('program', 'give --program ID (or ERRAND_SOLANA_PROGRAM_ID) with --rpc-url');
  if (!isSolanaAddress(programId)) throw invalid('program', '--program / ERRAND_SOLANA_PROGRAM_ID is not a base58 Solana public key');
  const payer = loadSolanaKeypair(flags.keypair, env);
  if (!payer) throw invalid('keypair', 'give --keypair F (a solana-keygen JSON file, or SOLANA_KEYPAIR) to sign on a real cluster');
  const coordinatorUrl = flags.coordinator ?? env['COORDINATOR_URL'];
  const coordinator = coordinatorUrl
    ? new CoordinatorClient({ baseUrl: httpUrl('coordinator', coordinatorUrl, ['http:', 'https:']), token: flags.token ?? env['COORDINATOR_TOKEN'] })
    : undefined;
  return {
    dev: false,
    chain: 'solana',
    programId,
    dataDir,
    coordinator,
    close: () => coordinator?.close(),
    client: solanaSecretsClient({ rpcUrl, programId, ...(wsUrl !== undefined && { wsUrl }) }, payer),
  };
}
