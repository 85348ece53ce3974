/**
 * Where `errand verify --chain solana` reads: the Solana program (read-only: no keypair is needed to
 * audit) and the coordinator, from the running `errand dev` stack of --data-dir or from flags /
 * environment (--rpc-url / SOLANA_RPC_URL, --ws-url / SOLANA_WS_URL, --program /
 * ERRAND_SOLANA_PROGRAM_ID, --coordinator / COORDINATOR_URL, --token / COORDINATOR_TOKEN).
 */
import { ErrandError } from '../../common/errors/index.ts';
import { CoordinatorClient } from '../../coordinator/client/CoordinatorClient.ts';
import { isSolanaAddress } from '../../keystore/envelope/solanaAddress.ts';
import { DEFAULT_DATA_DIR, readStackFile, stackSide } from '../dev/stackFile.ts';
import type { TargetFlags } from '../endpoint/resolveTarget.ts';
import type { PartsSource } from './fetchParts.ts';
import { solanaReader, type SolanaReader } from './readOnSolana.ts';

export interface SolanaVerifyFlags extends TargetFlags {
  program?: string;
  'ws-url'?: string;
}

export interface SolanaVerifyTarget {
  reader: SolanaReader;
  /** For fetchParts: chain 'solana', contractId = the program id, the coordinator. */
  parts: PartsSource & { close(): void };
  close(): void;
}

function invalid(field: string, message: string): ErrandError<'COMMON__INVALID_ARGUMENT'> {
  return new ErrandError('COMMON__INVALID_ARGUMENT', message, { field, issues: [message] });
}

function url(field: string, value: string, protocols: string[]): string {
  let ok = false;
  try {
    ok = protocols.includes(new URL(value).protocol);
  } catch {
    ok = false;
  }
  if (!ok) throw invalid(field, `--${field} must be a ${protocols.join(' or ')} URL, got '${value}'`);
  return value;
}

export function solanaVerifyTarget(flags: SolanaVerifyFlags, env: NodeJS.ProcessEnv = process.env): SolanaVerifyTarget {
  const dataDir = flags['data-dir'] ?? DEFAULT_DATA_DIR;
  const rpcUrl = flags['rpc-url'] ?? env['SOLANA_RPC_URL'];
  let reader: SolanaReader;
  let coordinator: CoordinatorClient | undefined;
  if (!rpcUrl) {
    const stack = stackSide(readStackFile(dataDir), 'solana');
    reader = solanaReader(stack.rpcUrl, stack.programId, flags['ws-url'] ?? stack.wsUrl);
    coordinator = new CoordinatorClient({ baseUrl: stack.coordinatorUrl, token: stack.adminToken });
  } else {
    url('rpc-url', rpcUrl, ['http:', 'https:']);
    const wsUrl = flags['ws-url'] ?? env['SOLANA_WS_URL'];
    if (wsUrl !== undefined) url('ws-url', wsUrl, ['ws:', 'wss:']);
    const programId = flags.program ?? env['ERRAND_SOLANA_PROGRAM_ID'];
    if (!programId) throw invalid('program', 'give --program ID (or ERRAND_SOLANA_PROGRAM_ID) with --rpc-url');
    if (!isSolanaAddress(programId)) throw invalid('program', '--program / ERRAND_SOLANA_PROGRAM_ID is not a base58 Solana public key');
    reader = solanaReader(rpcUrl, programId, wsUrl);
    const coordinatorUrl = flags.coordinator ?? env['COORDINATOR_URL'];
    coordinator = coordinatorUrl
      ? new CoordinatorClient({ baseUrl: url('coordinator', coordinatorUrl, ['http:', 'https:']), token: flags.token ?? env['COORDINATOR_TOKEN'] })
      : undefined;
  }
  const close = (): void => coordinator?.close();
  const parts = { chain: 'solana' as const, contractId: reader.programId.toBase58(), coordinator, close };
  return { reader, parts, close };
}
