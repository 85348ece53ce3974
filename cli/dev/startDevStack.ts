/**
 * The whole Errand stack in one process, on embedded defaults: the local NEAR chain with the
 * contract deployed and/or the local Solana with the program deployed (`chains`), the keystore on an internal port with a master secret kept in the data dir,
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
import { SolanaChainReader, SolanaResolveSubmitter } from '../../contracts/solana/client/index.ts';
import { SolanaChainWatcher } from '../../contracts/solana/client/watcher/index.ts';
import { ErrandError } from '../../common/errors/index.ts';
import type { ChainWatcher } from '../../common/ports/index.ts';
import type { ChainId } from '../../common/types/index.ts';
import { ChainRoutingSubmitter } from '../../worker/loop/ChainRoutingSubmitter.ts';
import { startDevSolana, type DevSolana } from './devSolana.ts';
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
  /** The local chains to run, watch and resolve on (default near only). */
  chains: ChainId[];
  /** Milliseconds per local Solana slot (a request is final 32 slots after it lands). */
  solanaSlotMs: number;
  /** Slots after which an unresolved Solana request may be cancelled. */
  solanaTimeoutSlots: number;
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
  chains: ['near'],
  // 10 ms slots: final 320 ms after landing (a blockhash stays valid a minute: devSolana.ts).
  solanaSlotMs: 10,
  // 6000 slots of 10 ms: a minute, as the NEAR default below.
  solanaTimeoutSlots: 6_000,
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
  chains: ChainId[];
  /** The local NEAR chain; reading it on a stack without NEAR throws a coded error. */
  chain: DevChain;
  /** The local Solana, when `chains` includes solana. */
  solana?: DevSolana;
  /** The workers' names: NEAR account ids, or on Solana only the authorities' base58 keys. */
  workerIds: string[];
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

    const onNear = o.chains.includes('near');
    let chain: DevChain | undefined;
    if (onNear) {
      progress('local NEAR chain: deploying the contract, staking the workers');
      chain = await startDevChain({
        workers: o.workers,
        measurement,
        blockIntervalMs: o.blockIntervalMs,
        requestTimeoutBlocks: o.requestTimeoutBlocks,
        observe: o.observeChain,
      });
      const near = chain;
      closers.push(() => near.close());
    }
    let solana: DevSolana | undefined;
    if (o.chains.includes('solana')) {
      progress('local Solana: deploying the program, staking the workers');
      solana = await startDevSolana({ workers: o.workers, measurement, slotMs: o.solanaSlotMs, timeoutSlots: o.solanaTimeoutSlots, observe: o.observeChain });
      const sol = solana;
      closers.push(() => sol.close());
    }
    const workerIds = chain ? chain.workerIds : solana!.workers.map((k) => k.publicKey.toBase58());

    // The coordinator's claim-ticket key, made here so the keystore can be told its public key.
    const ticketSeed = randomBytes(32).toString('hex');
    const ticketPublicKey = TicketSigner.fromSeedHex(ticketSeed).publicKeyHex;

    progress('keystore: loading the master secret');
    const keystore = await startKeystore({
      ...defaultKeystoreSettings({ masterSecret: { file: ensureMasterSecretFile(path.join(o.dataDir, 'keystore-master.key')) } }),
      measurementAllowlist: [measurement],
      coordinatorPublicKey: ticketPublicKey,
      auditLog: path.join(o.dataDir, 'keystore-audit.jsonl'),
      // Each local chain's contract is trusted: the keystore reads requests, secrets entries and
      // workers from it (never from a worker) before it releases anything.
      contracts: [
        ...(chain ? [{ reader: new NearChainReader(chain.near.provider), contractId: chain.contractId }] : []),
        ...(solana ? [{ reader: new SolanaChainReader(solana.local.connection()), contractId: solana.programId }] : []),
      ],
      log: log.child({ service: 'keystore' }),
    });
    closers.push(() => keystore.close());

    progress(`coordinator: ${o.databaseUrl ? 'Postgres' : 'PGlite'} ledger, ${o.redisUrl ? 'Redis' : 'in-process'} wake-ups`);
    // Requests that failed for good are resolved on-chain by the first worker's key of their chain.
    const failureSubmitter = new ChainRoutingSubmitter({
      ...(chain && { near: new NearResolveSubmitter(chain.clientFor(chain.workerIds[0]!)) }),
      ...(solana && { solana: new SolanaResolveSubmitter(solana.client(solana.workers[0]!)) }),
    });
    const watchers: Array<{ name: string; watcher: ChainWatcher }> = [];
    if (chain)
      watchers.push({ name: `near:${chain.contractId}`, watcher: new NearChainWatcher({ contractId: chain.contractId, provider: chain.near.provider }) });
    if (solana) {
      const w = new SolanaChainWatcher({ connection: solana.local.connection(), programId: solana.local.programId, wsEndpoint: solana.local.wsUrl });
      watchers.push({ name: `solana:${solana.programId}`, watcher: w });
      closers.push(() => w.close());
    }
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
        // The local Solana: a Solana wallet in the dashboard signs for solana:localnet.
        DASHBOARD_SOLANA_CHAIN: 'solana:localnet',
      },
      {
        watchers,
        resolveSubmitter: failureSubmitter,
        // The dashboard reads the local chain, and signs secrets entries as the dev user (never with a plaintext: see dashboardSecrets.ts).
        dashboard: {
          ...(chain && {
            near: { contractId: chain.contractId, rpcUrl: chain.near.rpcUrl, client: new ErrandNearClient(chain.contractId, chain.near.provider) },
            devSigner: { accounts: [chain.userId], clientFor: (accountId: string) => chain.clientFor(accountId) },
          }),
          // Reads only: the dev user's client (it signs nothing from the dashboard).
          ...(solana && { solana: { programId: solana.programId, client: solana.client(solana.user) } }),
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
      const i = workerIds.indexOf(accountId);
      const solKey = solana && i >= 0 ? solana.workers[i] : undefined;
      if (solana && !solKey) throw new ErrandError('COMMON__INVALID_ARGUMENT', `no Solana worker key for ${accountId}`, { field: 'accountId' });
      // Registered with the key it attests with: claim tickets (for the keystore) name that key
      // (the NEAR key when it has one, else its Solana authority key, both ed25519).
      const publicKey = chain ? KeyPair.fromString(chain.near.secretKeyOf(accountId)).getPublicKey().toString() : `ed25519:${solKey!.publicKey.toBase58()}`;
      const reg = await admin.registerWorker({ workerId: accountId, publicKey });
      const npmCompilers = (o.devMode ?? true) && (await o.npmCompilers) === true;
      const worker = await WorkerThread.start({
        wiring: {
          accountId,
          chains: o.chains,
          coordinatorUrl: coordinator.url,
          coordinatorToken: reg.token,
          keystoreUrl: keystore.url,
          measurement,
          sandbox: o.sandbox,
          npmCompilers,
          ...(chain && { secretKey: chain.near.secretKeyOf(accountId), nearRpcUrl: chain.near.rpcUrl, contractId: chain.contractId }),
          ...(solana &&
            solKey && { solana: { rpcUrl: solana.local.url, wsUrl: solana.local.wsUrl, programId: solana.programId, secretKey: [...solKey.secretKey] } }),
        },
        tuning: { executorThreads: 1, allowFileSources: o.devMode ?? true, ...o.workerTuning, ...tuning },
        log: log.child({ service: 'worker', workerId: accountId }),
        onStep: o.onStep,
      });
      workers.push(worker);
      return worker;
    };
    progress(`workers: ${workerIds.join(', ')} (sandbox: ${o.sandbox})`);
    if (o.startWorkers) for (const id of workerIds) await addWorker(id);

    return {
      chains: o.chains,
      get chain(): DevChain {
        if (!chain)
          throw new ErrandError('COMMON__INVALID_ARGUMENT', 'this dev stack runs no NEAR chain (start it with --chain near or near,solana)', {
            field: 'chain',
          });
        return chain;
      },
      solana,
      workerIds,
      keystore,
      coordinator,
      workers,
      measurement,
      addWorker,
      close,
    };
  } catch (e) {
    await close();
    throw e;
  }
}
