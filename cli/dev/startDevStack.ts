/**
 * The whole Errand stack in one process, on embedded defaults: the local NEAR chain with the
 * contract deployed, the keystore on an internal port with a master secret kept in the data dir,
 * the coordinator (PGlite, or DATABASE_URL / REDIS_URL when set) watching the chain, and workers
 * registered and staked on-chain, compiling in bubblewrap. The chain and each worker run in worker
 * threads of their own (each would be a process of its own in production) and talk to the rest
 * over HTTP only, as they would there. Used by `errand dev`, the end-to-end
 * tests and the end-to-end benchmark.
 *
 * Not promised: persistence across runs. The chain is in memory, so the ledger is too (or lives in
 * a schema of its own that is dropped at close): request ids restart at 1 on every run.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { createLogger, type Logger } from '../../common/logger.ts';
import { ErrandNearClient, NearChainReader, NearChainWatcher, NearResolveSubmitter } from '../../contracts/near/client/index.ts';
import { startCoordinator, type RunningCoordinator } from '../../coordinator/index.ts';
import { CoordinatorClient } from '../../coordinator/client/CoordinatorClient.ts';
import { defaultKeystoreSettings, startKeystore, type RunningKeystore } from '../../keystore/index.ts';
import type { SandboxBackend } from '../../worker/compile/index.ts';
import type { RunnerDeps } from '../../worker/loop/JobRunner.ts';
import { workerMeasurement } from '../../worker/measurement/index.ts';
import type { RunningWorker, WorkerTuning } from '../../worker/startWorker.ts';
import { WorkerThread } from '../../worker/workerThread/WorkerThread.ts';
import { startDevChain, type DevChain } from './devChain.ts';
import { ensureMasterSecretFile } from './masterSecretFile.ts';
import { dropSchema } from '../../coordinator/db/dropSchema.ts';
import { TicketSigner } from '../../common/tickets/index.ts';
import { KeyPair } from 'near-api-js';

export interface DevStackOptions {
  dataDir: string;
  databaseUrl?: string;
  redisUrl?: string;
  sandbox: SandboxBackend;
  workers: number;
  /** Start the registered workers (false: they are staked on-chain but not running). */
  startWorkers: boolean;
  coordinatorPort: number;
  blockIntervalMs: number;
  watchIntervalMs: number;
  requestTimeoutBlocks: number;
  leaseMs: number;
  workerTuning: Partial<WorkerTuning>;
  onProgress?: (step: string) => void;
  onStep?: RunnerDeps['onStep'];
  /** Forward the local chain's blocks and transactions to stack.chain.near listeners (benchmarks). */
  observeChain?: boolean;
  /** Development mode of the coordinator and the workers (file:// sources run). Default true;
   * the end-to-end tests turn it off to see such requests rejected and resolved as failed. */
  devMode?: boolean;
  /** Workers build with the npm compilers in a thread instead of bubblewrap (dev mode only; set when
   * the start-up probe found bubblewrap broken, a promise so the probe runs alongside start-up). */
  npmCompilers?: boolean | Promise<boolean>;
  log?: Logger;
}

export const DEFAULT_DEV_OPTIONS: DevStackOptions = {
  dataDir: '.errand/dev',
  sandbox: 'bwrap',
  workers: 1,
  startWorkers: true,
  coordinatorPort: 8700,
  blockIntervalMs: 10,
  watchIntervalMs: 10,
  // 6000 blocks of 10 ms: a minute, about NEAR's 200 blocks of wall-clock time at most.
  requestTimeoutBlocks: 6_000,
  leaseMs: 60_000,
  workerTuning: { pollWaitMs: 5_000 },
};

export interface DevStack {
  chain: DevChain;
  keystore: RunningKeystore;
  coordinator: RunningCoordinator;
  workers: RunningWorker[];
  measurement: string;
  /** Starts one more worker (the end-to-end tests kill and add workers). */
  addWorker(accountId: string, tuning?: Partial<WorkerTuning>): Promise<RunningWorker>;
  close(): Promise<void>;
}

export async function startDevStack(options: Partial<DevStackOptions> = {}): Promise<DevStack> {
  const o = { ...DEFAULT_DEV_OPTIONS, ...options };
  const progress = o.onProgress ?? (() => undefined);
  const log = o.log ?? createLogger({ service: 'dev' });
  const closers: Array<() => Promise<void>> = [];
  const close = async (): Promise<void> => {
    for (const fn of closers.splice(0).reverse()) await fn().catch((err: unknown) => log.warn({ err }, 'dev stack: close step failed'));
  };
  try {
    mkdirSync(o.dataDir, { recursive: true });
    const measurement = workerMeasurement();

    progress('local NEAR chain: deploying the contract, staking the workers');
    const chain = await startDevChain({ workers: o.workers, measurement, blockIntervalMs: o.blockIntervalMs, requestTimeoutBlocks: o.requestTimeoutBlocks, observe: o.observeChain });
    closers.push(() => chain.close());
    const reader = new NearChainReader(chain.near.provider);

    // The coordinator's claim-ticket key, made here so the keystore can be told its public key.
    const ticketSeed = randomBytes(32).toString('hex');
    const ticketPublicKey = TicketSigner.fromSeedHex(ticketSeed).publicKeyHex;

    progress('keystore: loading the master secret');
    const keystore = await startKeystore({
      ...defaultKeystoreSettings({ masterSecret: { file: ensureMasterSecretFile(path.join(o.dataDir, 'keystore-master.key')) } }),
      measurementAllowlist: [measurement],
      coordinatorPublicKey: ticketPublicKey,
      auditLog: path.join(o.dataDir, 'keystore-audit.jsonl'),
      contracts: [{ reader, contractId: chain.contractId }],
      log: log.child({ service: 'keystore' }),
    });
    closers.push(() => keystore.close());

    progress(`coordinator: ${o.databaseUrl ? 'Postgres' : 'PGlite'} ledger, ${o.redisUrl ? 'Redis' : 'in-process'} wake-ups`);
    const failureSubmitter = new NearResolveSubmitter(chain.clientFor(chain.workerIds[0]!));
    const coordinator = await startCoordinator(
      {
        PORT: o.coordinatorPort,
        DATABASE_URL: o.databaseUrl,
        // A fresh schema per run: the chain is fresh too, and request ids restart at 1.
        DB_SCHEMA: o.databaseUrl ? `errand_dev_${randomBytes(4).toString('hex')}` : 'public',
        REDIS_URL: o.redisUrl,
        REDIS_PREFIX: `errand-dev:${randomBytes(4).toString('hex')}:`,
        KEYSTORE_URL: keystore.url,
        COORDINATOR_TICKET_KEY: ticketSeed,
        WATCH_INTERVAL_MS: o.watchIntervalMs,
        LEASE_MS: o.leaseMs,
        WASM_DIR: path.join(o.dataDir, 'wasm'),
        // Development: the test and demo programs live in file:// repositories.
        DEV_MODE: o.devMode ?? true,
      },
      {
        watchers: [{ name: `near:${chain.contractId}`, watcher: new NearChainWatcher({ contractId: chain.contractId, provider: chain.near.provider }) }],
        resolveSubmitter: failureSubmitter,
        // The dashboard reads the local chain, and signs secrets entries as the dev user (never with a plaintext: see dashboardSecrets.ts).
        dashboard: {
          near: { contractId: chain.contractId, rpcUrl: chain.near.rpcUrl, client: new ErrandNearClient(chain.contractId, chain.near.provider) },
          devSigner: { accounts: [chain.userId], clientFor: (accountId) => chain.clientFor(accountId) },
        },
        log: log.child({ service: 'coordinator' }),
      },
    );
    closers.push(async () => {
      await coordinator.close();
      if (o.databaseUrl) await dropSchema(o.databaseUrl, coordinator.config.DB_SCHEMA);
    });

    const admin = new CoordinatorClient({ baseUrl: coordinator.url, token: coordinator.adminToken });
    closers.push(async () => admin.close());

    const workers: RunningWorker[] = [];
    closers.push(async () => {
      await Promise.all(workers.map((w) => w.stop(2_000)));
    });
    // Each worker runs in a thread of its own, with its own executor pool: in production each is a
    // process of its own. Builds use the system temp dir: the sandbox drops to an unprivileged uid,
    // which must be able to traverse every parent of the build dir (a data dir under a 0700 home
    // would not do).
    const addWorker = async (accountId: string, tuning: Partial<WorkerTuning> = {}): Promise<RunningWorker> => {
      // Registered with the key it attests with: claim tickets (for the keystore) name that key.
      const reg = await admin.registerWorker({ workerId: accountId, publicKey: KeyPair.fromString(chain.near.secretKeyOf(accountId)).getPublicKey().toString() });
      const npmCompilers = (o.devMode ?? true) && (await o.npmCompilers) === true;
      const worker = await WorkerThread.start({
        wiring: {
          accountId, secretKey: chain.near.secretKeyOf(accountId), nearRpcUrl: chain.near.rpcUrl, contractId: chain.contractId,
          coordinatorUrl: coordinator.url, coordinatorToken: reg.token, keystoreUrl: keystore.url, measurement, sandbox: o.sandbox, npmCompilers,
        },
        tuning: { executorThreads: 1, allowFileSources: o.devMode ?? true, ...o.workerTuning, ...tuning },
        log: log.child({ service: 'worker', workerId: accountId }),
        onStep: o.onStep,
      });
      workers.push(worker);
      return worker;
    };
    progress(`workers: ${chain.workerIds.join(', ')} (sandbox: ${o.sandbox})`);
    if (o.startWorkers) for (const id of chain.workerIds) await addWorker(id);

    return { chain, keystore, coordinator, workers, measurement, addWorker, close };
  } catch (e) {
    await close();
    throw e;
  }
}
