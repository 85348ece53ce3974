/**
 * Starts a whole coordinator in this process: database (migrated), wake-up bus, locks, WASM cache,
 * HTTP server, sweeper, optional failure resolver and chain watchers. Used by `errand coordinator`,
 * `errand dev` and tests; registered with the leak tracker until close().
 *
 * Injected pieces (db, blobStore, resolveSubmitter, watchers, fetch) win over configuration.
 */
import { randomBytes } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import { createServer, type Server } from 'node:http';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { systemClock, type Clock } from '../common/clock/index.ts';
import { createLogger, type Logger } from '../common/logger.ts';
import { trackResource } from '../common/testing/leaks.ts';
import { TicketSigner } from '../common/tickets/index.ts';
import type { ChainWatcher, ResolveSubmitter } from '../common/ports/index.ts';
import { parseCoordinatorConfig, type CoordinatorConfig, type CoordinatorConfigInput } from './config.ts';
import type { Db } from './db/Db.ts';
import { openDb } from './db/openDb.ts';
import { migrate } from './db/migrate.ts';
import type { BlobStore } from './cache/BlobStore.ts';
import { FileBlobStore } from './cache/FileBlobStore.ts';
import { PgBlobStore } from './cache/PgBlobStore.ts';
import { WasmCache } from './cache/WasmCache.ts';
import { openRedis, type RedisPair } from './redis/openRedis.ts';
import type { WakeBus } from './wake/WakeBus.ts';
import { InProcessWakeBus } from './wake/InProcessWakeBus.ts';
import { RedisWakeBus } from './wake/RedisWakeBus.ts';
import type { LockService } from './locks/LockService.ts';
import { RedisLocks } from './locks/RedisLocks.ts';
import { PgLocks } from './locks/PgLocks.ts';
import { createMetrics } from './service/metrics.ts';
import { CoordinatorService } from './service/CoordinatorService.ts';
import { Ticker } from './service/Ticker.ts';
import { WatcherRunner } from './watcher/WatcherRunner.ts';
import { WatcherLease } from './watcher/WatcherLease.ts';
import { FailureResolver } from './watcher/FailureResolver.ts';
import { createApp } from './http/app.ts';
import { LocalRateLimiter } from './http/RateLimiter.ts';
import { RedisRateLimiter } from './http/RedisRateLimiter.ts';
import { generateToken } from './auth/tokens.ts';
import type { DashboardDeps } from './dashboard/DashboardDeps.ts';
import { dashboardBundle } from './dashboard/dashboardBundle.ts';

export interface CoordinatorDeps {
  /** An open Db (its owner closes it); otherwise one is opened from the config and closed here. */
  db?: Db;
  blobStore?: BlobStore;
  /** Resolves requests that failed for good on-chain with their error (see watcher/FailureResolver.ts). */
  resolveSubmitter?: ResolveSubmitter;
  /** Chain watchers to run; `name` is the cursor key (e.g. "near:errand.testnet"). */
  watchers?: Array<{ name: string; watcher: ChainWatcher }>;
  /** The dashboard's chain reads and, under errand dev only, its dev signer. */
  dashboard?: DashboardDeps;
  log?: Logger;
  /** Start the HTTP server (default true; the benchmark's service-layer run does without). */
  http?: boolean;
  /** What leases and Postgres locks are measured against; default the system clock. Tests pass a
   * ManualClock and advance it instead of sleeping past a lease. */
  clock?: Clock;
}

export interface RunningCoordinator {
  /** Base URL, e.g. http://127.0.0.1:41234 (empty when http is false). */
  url: string;
  adminToken: string;
  /** The claim-ticket public key (hex): what the keystore's KEYSTORE_COORDINATOR_PUBLIC_KEY must be. */
  ticketPublicKey: string;
  config: CoordinatorConfig;
  service: CoordinatorService;
  watchers: WatcherRunner[];
  /** This coordinator among several (host:pid:random): the holder named in watcher_leases. */
  instanceId: string;
  close(): Promise<void>;
}

async function openWake(config: CoordinatorConfig, db: Db, clock: Clock, log: Logger): Promise<{ bus: WakeBus; locks: LockService; redis?: RedisPair }> {
  if (!config.REDIS_URL) return { bus: new InProcessWakeBus(), locks: new PgLocks(db, clock) };
  const redis = await openRedis(config.REDIS_URL, log);
  const bus = new RedisWakeBus(redis.command, redis.subscriber, config.REDIS_PREFIX, log);
  await bus.start();
  return { bus, locks: new RedisLocks(redis.command, config.REDIS_PREFIX), redis };
}

export async function startCoordinator(input: CoordinatorConfigInput = {}, deps: CoordinatorDeps = {}): Promise<RunningCoordinator> {
  const config = parseCoordinatorConfig(input);
  const instanceId = `${os.hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  const log = (deps.log ?? createLogger({ service: 'coordinator' })).child({ instance: instanceId });
  const untrack = trackResource('coordinator');
  const cleanups: Array<() => Promise<void>> = [];
  const cleanup = async (): Promise<void> => {
    for (const fn of cleanups.reverse()) await fn().catch((err) => log.warn({ err }, 'close step failed'));
    cleanups.length = 0;
  };
  try {
    const db =
      deps.db ??
      (await openDb({
        databaseUrl: config.DATABASE_URL,
        pgliteDataDir: config.PGLITE_DATA_DIR,
        schema: config.DB_SCHEMA,
        poolSize: config.DB_POOL_SIZE,
        log,
        connectTimeoutMs: config.DB_CONNECT_TIMEOUT_MS,
        statementTimeoutMs: config.DB_STATEMENT_TIMEOUT_MS,
      }));
    if (!deps.db) cleanups.push(() => db.close());
    await migrate(db);
    const clock = deps.clock ?? systemClock;
    const { bus, locks, redis } = await openWake(config, db, clock, log);
    if (redis) cleanups.push(() => redis.close());
    cleanups.push(() => bus.close());
    const blobs = deps.blobStore ?? (await openBlobStore(config, db, cleanups));
    const metrics = createMetrics(!deps.db);
    const cache = new WasmCache(db, blobs, { maxModuleBytes: config.WASM_MAX_BYTES, budgetBytes: config.WASM_CACHE_BYTES }, log);
    const tickets = await loadTicketSigner(config, log);
    const service = new CoordinatorService({
      db,
      bus,
      cache,
      locks,
      metrics,
      log,
      tickets,
      clock,
      settings: {
        leaseMs: config.LEASE_MS,
        maxAttempts: config.MAX_ATTEMPTS,
        maxPollMs: config.MAX_POLL_MS,
        pollFallbackMs: config.POLL_FALLBACK_MS,
        logMaxBytesPerJob: config.LOG_MAX_BYTES_PER_JOB,
        claimStatementsInFlight: config.CLAIM_STATEMENTS_IN_FLIGHT,
        claimBatchMax: config.CLAIM_BATCH_MAX,
        ticketTtlMs: config.TICKET_TTL_MS,
      },
    });
    const tickers: Ticker[] = [new Ticker('sweeper', config.SWEEP_INTERVAL_MS, async (s) => void (await service.sweep(s)), log)];
    if (deps.resolveSubmitter) {
      const resolver = new FailureResolver(db, deps.resolveSubmitter, log, () => metrics.failuresResolved.inc());
      tickers.push(new Ticker('failure-resolver', config.RESOLVER_INTERVAL_MS, (s) => resolver.tick(s), log));
    } else {
      log.info('no ResolveSubmitter: failed requests are listed at /v1/requests?unresolvedFailures=true');
    }
    // Every coordinator runs every watcher's lease; only the holder polls its chain.
    const leases = (deps.watchers ?? []).map((w) => new WatcherLease(db, w.name, instanceId, config.WATCHER_LEASE_MS));
    const watchers = (deps.watchers ?? []).map(
      (w, i) => new WatcherRunner({ name: w.name, watcher: w.watcher, service, log, allowFileSources: config.DEV_MODE, lease: leases[i] }),
    );
    for (const lease of leases)
      tickers.push(new Ticker('watcher-lease', Math.max(10, Math.floor(config.WATCHER_LEASE_MS / 3)), async (s) => void (await lease.acquire(s)), log));
    watchers.forEach((w, i) => {
      const ticker = new Ticker('watcher', config.WATCH_INTERVAL_MS, async (s) => (await w.tick(s)).events > 0, log);
      deps.watchers![i]!.watcher.onWake?.(() => ticker.nudge());
      tickers.push(ticker);
    });
    // Runs after the tickers have stopped (cleanups run in reverse): the next leader need not wait.
    cleanups.push(async () => void (await Promise.all(leases.map((l) => l.release()))));
    const maintain = db.maintain?.bind(db);
    if (maintain) tickers.push(new Ticker('db-maintenance', config.PGLITE_MAINTENANCE_MS, () => maintain(), log));
    const shutdown = new AbortController();
    // Every long-poll in flight listens to it (http/callerSignal.ts): no listener-count warning.
    setMaxListeners(0, shutdown.signal);
    cleanups.push(async () => {
      shutdown.abort();
      await Promise.all(tickers.map((t) => t.stop()));
    });
    for (const t of tickers) t.start();

    const adminToken = config.COORDINATOR_ADMIN_TOKEN ?? generateToken('eadm');
    let url = '';
    if (deps.http !== false) {
      // A coordinator that shows the dashboard builds it now, in the background, so the first visitor
      // does not wait; others (most tests) build it on the first GET / only.
      if (deps.dashboard) dashboardBundle().catch((err: unknown) => log.error({ err }, 'dashboard build failed'));
      // Several coordinators share Redis: the configured rates then hold for all of them together.
      const rateLimiter = redis ? new RedisRateLimiter(redis.command, config.REDIS_PREFIX, log) : new LocalRateLimiter();
      const app = createApp({ service, config, log, shutdown: shutdown.signal, adminToken, rateLimiter, dashboard: deps.dashboard });
      const server: Server = createServer(app);
      server.requestTimeout = config.MAX_POLL_MS + 30_000;
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(config.PORT, config.HOST, () => resolve());
      });
      // Closed before the long-poll abort so no new request arrives during shutdown.
      cleanups.splice(cleanups.length - 1, 0, async () => {
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        shutdown.abort();
        server.closeIdleConnections();
        setTimeout(() => server.closeAllConnections(), 2_000).unref();
        await closed;
      });
      const addr = server.address() as AddressInfo;
      url = `http://${config.HOST.includes(':') ? `[${config.HOST}]` : config.HOST}:${addr.port}`;
    }
    log.info({ url, db: db.kind, wake: bus.kind, blobs: blobs.kind }, 'coordinator started');
    let closing: Promise<void> | undefined;
    return {
      url,
      adminToken,
      config,
      service,
      watchers,
      instanceId,
      ticketPublicKey: tickets.publicKeyHex,
      close: () => (closing ??= cleanup().finally(untrack)),
    };
  } catch (e) {
    await cleanup();
    untrack();
    throw e;
  }
}

/** The configured blob store: Postgres rows (shared by every coordinator) or a directory. */
async function openBlobStore(config: CoordinatorConfig, db: Db, cleanups: Array<() => Promise<void>>): Promise<BlobStore> {
  if ((config.BLOB_STORE ?? (config.DATABASE_URL ? 'postgres' : 'file')) === 'postgres') return new PgBlobStore(db);
  const dir = config.WASM_DIR ?? (await mkdtemp(path.join(os.tmpdir(), 'errand-wasm-')));
  if (!config.WASM_DIR) cleanups.push(() => rm(dir, { recursive: true, force: true }));
  return new FileBlobStore(dir);
}

/** The configured ticket key, or one generated for this run (announced with its public key). */
async function loadTicketSigner(config: CoordinatorConfig, log: Logger): Promise<TicketSigner> {
  if (config.COORDINATOR_TICKET_KEY) return TicketSigner.fromSeedHex(config.COORDINATOR_TICKET_KEY);
  if (config.COORDINATOR_TICKET_KEY_FILE) return TicketSigner.fromSeedHex(await readFile(config.COORDINATOR_TICKET_KEY_FILE, 'utf8'));
  const signer = TicketSigner.generate();
  log.warn(
    { ticketPublicKey: signer.publicKeyHex },
    'no COORDINATOR_TICKET_KEY: claim tickets are signed with a key generated for this run; configure the keystore with this public key',
  );
  return signer;
}
