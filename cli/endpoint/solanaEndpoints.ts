/**
 * Where a command that talks to the Errand Solana program points: the running `errand dev --chain
 * solana` stack found in `--data-dir` (its RPC, PubSub, program, dev user's keypair file and
 * coordinator), or a real cluster named by flags or the environment (--rpc-url / SOLANA_RPC_URL,
 * --ws-url / SOLANA_WS_URL, --program / ERRAND_SOLANA_PROGRAM_ID, --coordinator / COORDINATOR_URL,
 * --token / COORDINATOR_TOKEN). Checked here, once, for `errand request` and `errand verify`; what
 * each does with them (sign, or only read) is its own.
 */
import { ErrandError } from '../../common/errors/index.ts';
import { CoordinatorClient } from '../../coordinator/client/CoordinatorClient.ts';
import { isSolanaAddress } from '../../keystore/envelope/solanaAddress.ts';
import { DEFAULT_DATA_DIR, readStackFile, stackSide } from '../dev/stackFile.ts';
import type { TargetFlags } from './resolveTarget.ts';

export interface SolanaEndpointFlags extends TargetFlags {
  program?: string;
  'ws-url'?: string;
}

export interface SolanaEndpoints {
  /** True for a local `errand dev` stack. */
  dev: boolean;
  dataDir: string;
  rpcUrl: string;
  wsUrl: string | undefined;
  programId: string;
  coordinator: CoordinatorClient | undefined;
  /** The dev stack's requester keypair file (dev only). */
  devKeypairFile: string | undefined;
}

export function invalidFlag(field: string, message: string): ErrandError<'COMMON__INVALID_ARGUMENT'> {
  return new ErrandError('COMMON__INVALID_ARGUMENT', message, { field, issues: [message] });
}

function urlFlag(field: string, value: string, protocols: string[]): string {
  let u: URL;
  try {
    u = new URL(value);
  } catch {
    throw invalidFlag(field, `--${field} must be a URL, got '${value}'`);
  }
  if (!protocols.includes(u.protocol)) throw invalidFlag(field, `--${field} must be a ${protocols.join(' or ')} URL, got '${value}'`);
  return value;
}

export function solanaEndpoints(flags: SolanaEndpointFlags, env: NodeJS.ProcessEnv = process.env): SolanaEndpoints {
  const dataDir = flags['data-dir'] ?? DEFAULT_DATA_DIR;
  const rpcUrl = flags['rpc-url'] ?? env['SOLANA_RPC_URL'];
  if (!rpcUrl) {
    const stack = stackSide(readStackFile(dataDir), 'solana');
    return {
      dev: true,
      dataDir,
      rpcUrl: stack.rpcUrl,
      wsUrl: flags['ws-url'] ?? stack.wsUrl,
      programId: stack.programId,
      coordinator: new CoordinatorClient({ baseUrl: stack.coordinatorUrl, token: stack.adminToken }),
      devKeypairFile: stack.keypairFile,
    };
  }
  urlFlag('rpc-url', rpcUrl, ['http:', 'https:']);
  const wsUrl = flags['ws-url'] ?? env['SOLANA_WS_URL'];
  if (wsUrl !== undefined) urlFlag('ws-url', wsUrl, ['ws:', 'wss:']);
  const programId = flags.program ?? env['ERRAND_SOLANA_PROGRAM_ID'];
  if (!programId) throw invalidFlag('program', 'give --program ID (or ERRAND_SOLANA_PROGRAM_ID) with --rpc-url');
  if (!isSolanaAddress(programId)) throw invalidFlag('program', '--program / ERRAND_SOLANA_PROGRAM_ID is not a base58 Solana public key');
  const coordinatorUrl = flags.coordinator ?? env['COORDINATOR_URL'];
  const coordinator = coordinatorUrl
    ? new CoordinatorClient({ baseUrl: urlFlag('coordinator', coordinatorUrl, ['http:', 'https:']), token: flags.token ?? env['COORDINATOR_TOKEN'] })
    : undefined;
  return { dev: false, dataDir, rpcUrl, wsUrl, programId, coordinator, devKeypairFile: undefined };
}
