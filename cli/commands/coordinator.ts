/**
 * `errand coordinator`: runs the coordinator service (HTTP API, ledger, sweeper) until SIGINT or
 * SIGTERM. Configuration comes from the environment (see coordinator/config.ts); flags override the
 * most common options. With auth on, COORDINATOR_ADMIN_TOKEN must be set (the token is never
 * printed or logged).
 */
import { parseArgs } from 'node:util';
import { ErrandError } from '../../common/errors/index.ts';
import { loadCoordinatorConfig } from '../../coordinator/config.ts';
import { startCoordinator, type CoordinatorDeps } from '../../coordinator/startCoordinator.ts';
import { ErrandNearClient, NearChainWatcher, NearResolveSubmitter, TxSender, nearProvider } from '../../contracts/near/client/index.ts';
import { readNearKeyFile } from '../../worker/nearKeyFile.ts';
import { ChainRoutingSubmitter } from '../../worker/loop/ChainRoutingSubmitter.ts';
import { solanaDepsFromEnv } from '../coordinator/solanaDeps.ts';

export const summary = 'run the coordinator (HTTP API, request ledger, job leases, WASM cache)';

const USAGE = `usage: errand coordinator [--host H] [--port N] [--database-url URL] [--redis-url URL] [--wasm-dir DIR] [--no-auth]
Environment: see coordinator/config.ts (DATABASE_URL, REDIS_URL, COORDINATOR_ADMIN_TOKEN, LEASE_MS, ...).
NEAR: NEAR_RPC_URL + ERRAND_CONTRACT_ID watch the contract's events (final blocks, from NEAR_START_HEIGHT
when there is no stored cursor); ERRAND_RESOLVER_KEY_FILE (a registered worker's key) + NEAR_ACCOUNT_ID let
the coordinator resolve requests that failed for good on-chain with their error.
Solana: SOLANA_RPC_URL + SOLANA_PROGRAM_ID watch the program (finalized transactions; SOLANA_WS_URL for the
log subscription); SOLANA_RESOLVER_KEYPAIR_FILE (a registered worker authority) resolves failed Solana requests.
Both may be set: one ledger holds the requests of both chains.`;

/** The NEAR watcher and failure resolver, when the environment names a contract. */
function nearDepsFromEnv(env: NodeJS.ProcessEnv): CoordinatorDeps {
  if (!env.NEAR_RPC_URL || !env.ERRAND_CONTRACT_ID) return {};
  const provider = nearProvider(env.NEAR_RPC_URL);
  const contractId = env.ERRAND_CONTRACT_ID;
  const startHeight = env.NEAR_START_HEIGHT ? Number(env.NEAR_START_HEIGHT) : undefined;
  const deps: CoordinatorDeps = {
    watchers: [{ name: `near:${contractId}`, watcher: new NearChainWatcher({ contractId, provider, startHeight }) }],
    // The dashboard reads the contract (costs, secrets entries, stakes); it never signs here: users sign with their wallets.
    dashboard: { near: { contractId, rpcUrl: env.NEAR_RPC_URL, client: new ErrandNearClient(contractId, provider) } },
  };
  if (env.ERRAND_RESOLVER_KEY_FILE) {
    const key = readNearKeyFile(env.ERRAND_RESOLVER_KEY_FILE);
    const accountId = env.NEAR_ACCOUNT_ID ?? key.accountId;
    if (!accountId)
      throw new ErrandError('COMMON__CONFIG_INVALID', 'NEAR_ACCOUNT_ID is required with ERRAND_RESOLVER_KEY_FILE', { issues: ['NEAR_ACCOUNT_ID: required'] });
    deps.resolveSubmitter = new NearResolveSubmitter(
      new ErrandNearClient(contractId, provider, new TxSender({ provider, accountId, secretKey: key.secretKey })),
    );
  }
  return deps;
}

export async function run(argv: string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        host: { type: 'string' },
        port: { type: 'string' },
        'database-url': { type: 'string' },
        'redis-url': { type: 'string' },
        'wasm-dir': { type: 'string' },
        'no-auth': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }));
  } catch (e) {
    throw new ErrandError('COMMON__INVALID_ARGUMENT', `${(e as Error).message}\n${USAGE}`, { issues: [(e as Error).message] });
  }
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const env: NodeJS.ProcessEnv = { ...process.env };
  if (values.host) env.HOST = values.host;
  if (values.port) env.PORT = values.port;
  if (values['database-url']) env.DATABASE_URL = values['database-url'];
  if (values['redis-url']) env.REDIS_URL = values['redis-url'];
  if (values['wasm-dir']) env.WASM_DIR = values['wasm-dir'];
  if (values['no-auth']) env.AUTH_ENABLED = 'false';
  const config = loadCoordinatorConfig(env);
  if (config.AUTH_ENABLED && !config.COORDINATOR_ADMIN_TOKEN) {
    throw new ErrandError('COMMON__INVALID_ARGUMENT', 'set COORDINATOR_ADMIN_TOKEN (>= 16 chars), or pass --no-auth for local development only', {
      field: 'COORDINATOR_ADMIN_TOKEN',
    });
  }
  const near = nearDepsFromEnv(env);
  const solana = solanaDepsFromEnv(env);
  const deps: CoordinatorDeps = {
    watchers: [...(near.watchers ?? []), ...(solana.watcher ? [solana.watcher] : [])],
    ...((near.resolveSubmitter || solana.resolveSubmitter) && {
      resolveSubmitter: new ChainRoutingSubmitter({
        ...(near.resolveSubmitter && { near: near.resolveSubmitter }),
        ...(solana.resolveSubmitter && { solana: solana.resolveSubmitter }),
      }),
    }),
    // The dashboard's chain reads, of each chain configured.
    ...((near.dashboard || solana.dashboard) && { dashboard: { ...near.dashboard, ...solana.dashboard } }),
  };
  const coord = await startCoordinator(config, deps);
  console.log(
    `coordinator listening on ${coord.url}, dashboard ${coord.url}/ (db ${coord.service.db.kind}, wake-ups ${coord.service.bus.kind}${config.AUTH_ENABLED ? '' : ', AUTH DISABLED'})`,
  );
  await new Promise<void>((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
  await coord.close();
  return 0;
}

export { USAGE as usage };
