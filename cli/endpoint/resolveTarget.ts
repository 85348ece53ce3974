/**
 * Which chain and coordinator `errand request`, `status` and `logs` talk to: the running
 * `errand dev` stack found in `--data-dir` (default), or a real network named by flags (or the
 * environment: NEAR_RPC_URL, ERRAND_CONTRACT_ID, NEAR_ACCOUNT_ID, NEAR_KEY_FILE, COORDINATOR_URL,
 * COORDINATOR_TOKEN). A key is read only by the command that signs, and is only handed to the
 * signer.
 */
import { ErrandError } from '../../common/errors/index.ts';
import { ErrandNearClient, nearProvider, TxSender } from '../../contracts/near/client/index.ts';
import { CoordinatorClient } from '../../coordinator/client/CoordinatorClient.ts';
import { readNearKeyFile } from '../../worker/nearKeyFile.ts';
import { DEFAULT_DATA_DIR, readStackFile, stackSide } from '../dev/stackFile.ts';

/** parseArgs options every command that reaches a stack accepts. */
export const TARGET_OPTIONS = {
  'data-dir': { type: 'string', default: DEFAULT_DATA_DIR },
  'rpc-url': { type: 'string' },
  contract: { type: 'string' },
  account: { type: 'string' },
  'key-file': { type: 'string' },
  coordinator: { type: 'string' },
  token: { type: 'string' },
} as const;

export const TARGET_USAGE = '[--data-dir D] | [--rpc-url URL --contract ID --account ID --key-file F] [--coordinator URL --token T]';

export interface TargetFlags {
  'data-dir'?: string;
  'rpc-url'?: string;
  contract?: string;
  account?: string;
  'key-file'?: string;
  coordinator?: string;
  token?: string;
}

export interface Target {
  /** True for a local `errand dev` stack: local paths become file:// sources. */
  dev: boolean;
  chain: 'near';
  contractId: string;
  accountId: string | undefined;
  near: ErrandNearClient;
  /** The chain's RPC (what `errand verify` scans blocks through). */
  provider: ReturnType<typeof nearProvider>;
  /** The coordinator, when known: stage-by-stage progress and build logs come from it. */
  coordinator: CoordinatorClient | undefined;
  dataDir: string;
  close(): void;
}

function invalid(field: string, message: string): ErrandError<'COMMON__INVALID_ARGUMENT'> {
  return new ErrandError('COMMON__INVALID_ARGUMENT', message, { field, issues: [message] });
}

function url(field: string, value: string): string {
  try {
    const u = new URL(value);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error('not http');
    return value;
  } catch {
    throw invalid(field, `--${field} must be an http(s) URL, got '${value}'`);
  }
}

/** `signing`: the command sends a transaction, so a key is required. */
export function resolveTarget(flags: TargetFlags, signing: boolean, env: NodeJS.ProcessEnv = process.env): Target {
  const dataDir = flags['data-dir'] ?? DEFAULT_DATA_DIR;
  const rpcUrl = flags['rpc-url'] ?? env['NEAR_RPC_URL'];
  if (!rpcUrl) {
    const stack = stackSide(readStackFile(dataDir), 'near');
    const provider = nearProvider(stack.rpcUrl);
    const key = signing ? readNearKeyFile(stack.keyFile) : undefined;
    const sender = key ? new TxSender({ provider, accountId: stack.userId, secretKey: key.secretKey }) : undefined;
    const coordinator = new CoordinatorClient({ baseUrl: stack.coordinatorUrl, token: stack.adminToken });
    return {
      dev: true,
      chain: 'near',
      contractId: stack.contractId,
      accountId: stack.userId,
      dataDir,
      provider,
      near: new ErrandNearClient(stack.contractId, provider, sender),
      coordinator,
      close: () => coordinator.close(),
    };
  }
  url('rpc-url', rpcUrl);
  const contractId = flags.contract ?? env['ERRAND_CONTRACT_ID'];
  if (!contractId) throw invalid('contract', 'give --contract ID (or ERRAND_CONTRACT_ID) with --rpc-url');
  const keyFile = flags['key-file'] ?? env['NEAR_KEY_FILE'];
  let accountId = flags.account ?? env['NEAR_ACCOUNT_ID'];
  const provider = nearProvider(rpcUrl);
  let sender: TxSender | undefined;
  if (signing) {
    if (!keyFile) throw invalid('key-file', 'give --key-file F (a near-cli credentials file, or NEAR_KEY_FILE) to sign on a real network');
    const key = readNearKeyFile(keyFile);
    accountId ??= key.accountId;
    if (!accountId) throw invalid('account', 'give --account ID (the key file does not name its account)');
    sender = new TxSender({ provider, accountId, secretKey: key.secretKey });
  }
  const coordinatorUrl = flags.coordinator ?? env['COORDINATOR_URL'];
  const coordinator = coordinatorUrl
    ? new CoordinatorClient({ baseUrl: url('coordinator', coordinatorUrl), token: flags.token ?? env['COORDINATOR_TOKEN'] })
    : undefined;
  return {
    dev: false,
    chain: 'near',
    contractId,
    accountId,
    dataDir,
    provider,
    near: new ErrandNearClient(contractId, provider, sender),
    coordinator,
    close: () => coordinator?.close(),
  };
}
