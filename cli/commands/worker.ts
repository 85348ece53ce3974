/**
 * `errand worker`: a worker against a coordinator, configured from the environment (worker/config.ts)
 * with flags for the common options. It resolves on NEAR, Solana or both (ERRAND_CHAINS) with its
 * key registered on each, compiles in the
 * chosen sandbox, and asks the keystore for secrets when KEYSTORE_URL is set. SIGTERM/SIGINT stop
 * claiming and give work in flight ERRAND_GRACE_MS to finish before it is handed back.
 */
import { parseArgs } from 'node:util';
import { ErrandError } from '../../common/errors/index.ts';
import { createLogger } from '../../common/logger.ts';
import { loadWorkerConfig } from '../../worker/config.ts';
import { workerMeasurement } from '../../worker/measurement/index.ts';
import { createQuoteProvider } from '../../worker/quote/createQuoteProvider.ts';
import { attestationKindOf } from '../../worker/quote/registeredAttestationKind.ts';
import { teeClaimMeasurement, teeMeasurementKeyOf } from '../../keystore/client/teeClaimMeasurement.ts';
import { readNearKeyFile } from '../../worker/nearKeyFile.ts';
import { useNpmCompilers } from '../../worker/compile/npm/chooseBuildPath.ts';
import { readSolanaKeypairFile } from '../../worker/solanaKeypairFile.ts';
import { startWorker } from '../../worker/startWorker.ts';
import { wireWorker } from '../../worker/wireWorker.ts';

export const usage = `usage: errand worker [--coordinator URL[,URL...]] [--sandbox bwrap|docker] [--concurrency N] [--print-measurement]
  The rest of its configuration comes from the environment (worker/config.ts).`;
export const summary = 'start a worker against a coordinator (config from env: COORDINATOR_URL, ERRAND_WORKER_TOKEN, NEAR_RPC_URL, ...)';

function required<T>(value: T | undefined, name: string): T {
  if (value === undefined) throw new ErrandError('COMMON__CONFIG_INVALID', `${name} is required to run a worker`, { issues: [`${name}: required`] });
  return value;
}

export async function run(argv: string[]): Promise<number> {
  const { values: flags } = parseArgs({
    args: argv,
    options: { coordinator: { type: 'string' }, sandbox: { type: 'string' }, concurrency: { type: 'string' }, 'print-measurement': { type: 'boolean' } },
    strict: true,
  });
  if (flags['print-measurement']) {
    // What an operator registers on-chain (measurement and attestation kind) and the keystore
    // allowlists for this build; in a TEE, the digest of the TEE's own measurement key and the
    // quote's kind (read from a probe quote).
    const quotes = createQuoteProvider(loadWorkerConfig(process.env));
    if (!quotes) {
      console.log(workerMeasurement());
      console.error(`register_worker attestation_kind: ${attestationKindOf(undefined)}`);
      return 0;
    }
    const evidence = await quotes.quote(new Uint8Array(64));
    console.log(teeClaimMeasurement(evidence));
    console.error(`${evidence.kind} allowlist key (KEYSTORE_TEE_MEASUREMENT_ALLOWLIST): ${teeMeasurementKeyOf(evidence)}`);
    console.error(`register_worker attestation_kind: ${attestationKindOf(evidence)}`);
    return 0;
  }
  const config = loadWorkerConfig({
    ...process.env,
    ...(flags.coordinator && { COORDINATOR_URL: flags.coordinator }),
    ...(flags.sandbox && { ERRAND_SANDBOX: flags.sandbox }),
    ...(flags.concurrency && { ERRAND_WORKER_CONCURRENCY: flags.concurrency }),
  });
  const onNear = config.ERRAND_CHAINS.includes('near');
  const key = onNear ? readNearKeyFile(required(config.ERRAND_WORKER_KEY_FILE, 'ERRAND_WORKER_KEY_FILE')) : undefined;
  const solKey = config.ERRAND_CHAINS.includes('solana') ? readSolanaKeypairFile(required(config.SOLANA_KEYPAIR_FILE, 'SOLANA_KEYPAIR_FILE')) : undefined;
  const accountId = key ? required(config.NEAR_ACCOUNT_ID ?? key.accountId, 'NEAR_ACCOUNT_ID') : solKey!.publicKey.toBase58();
  const measurement = config.ERRAND_WORKER_MEASUREMENT ?? workerMeasurement();
  const log = createLogger({ service: 'worker', workerId: accountId });
  const npmCompilers = await useNpmCompilers({ sandbox: config.ERRAND_SANDBOX, devMode: config.ERRAND_DEV_MODE, log });

  const worker = startWorker(
    wireWorker(
      {
        accountId,
        chains: config.ERRAND_CHAINS,
        ...(onNear && {
          secretKey: key!.secretKey,
          nearRpcUrl: required(config.NEAR_RPC_URL, 'NEAR_RPC_URL'),
          contractId: required(config.ERRAND_CONTRACT_ID, 'ERRAND_CONTRACT_ID'),
        }),
        ...(solKey && {
          solana: {
            rpcUrl: required(config.SOLANA_RPC_URL, 'SOLANA_RPC_URL'),
            wsUrl: config.SOLANA_WS_URL,
            programId: required(config.SOLANA_PROGRAM_ID, 'SOLANA_PROGRAM_ID'),
            secretKey: [...solKey.secretKey],
            priorityFeeMicroLamports: config.SOLANA_PRIORITY_FEE_MICROLAMPORTS,
          },
        }),
        coordinatorUrl: config.COORDINATOR_URL,
        coordinatorToken: required(config.ERRAND_WORKER_TOKEN, 'ERRAND_WORKER_TOKEN'),
        keystoreUrl: config.KEYSTORE_URL,
        measurement,
        sandbox: config.ERRAND_SANDBOX,
        npmCompilers,
        workDir: config.ERRAND_WORKER_WORKDIR,
        quoteProvider: createQuoteProvider(config),
      },
      log,
    ),
    {
      concurrency: config.ERRAND_WORKER_CONCURRENCY,
      maxConcurrentBuilds: config.ERRAND_MAX_CONCURRENT_BUILDS,
      executorThreads: config.ERRAND_EXECUTOR_THREADS,
      pollWaitMs: config.ERRAND_POLL_WAIT_MS,
      heartbeatMs: config.ERRAND_HEARTBEAT_MS,
      lockTtlMs: config.ERRAND_LOCK_TTL_MS,
      graceMs: config.ERRAND_GRACE_MS,
      moduleCacheBytes: config.ERRAND_MODULE_CACHE_BYTES,
      allowFileSources: config.ERRAND_DEV_MODE,
    },
  );
  log.info(
    { coordinator: config.COORDINATOR_URL, chains: config.ERRAND_CHAINS, sandbox: config.ERRAND_SANDBOX, measurement, keystore: Boolean(config.KEYSTORE_URL) },
    'worker started',
  );
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  log.info({ graceMs: config.ERRAND_GRACE_MS }, 'stopping: finishing work in flight');
  await worker.stop();
  return 0;
}
