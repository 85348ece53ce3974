/**
 * One coordinator process of `bench coordinator --coordinators N`: a whole coordinator
 * (startCoordinator, no HTTP, like the single-process bench) on the shared schema and Redis, with a
 * watcher whose lease it competes for, and `CLAIMERS` claimers that drain the shared queue through
 * its service layer when the parent says go. Talks to the parent over IPC: 'ready', then
 * on 'warm' it claims a few requests (JIT, plan cache, pool warm; not measured), on 'go' it drains
 * the queue and answers {claimed ids, CPU microseconds}; it then idles (its watcher lease renewing)
 * until killed.
 */
import { randomBytes } from 'node:crypto';
import { startCoordinator } from '../../coordinator/startCoordinator.ts';
import { createLogger } from '../../common/logger.ts';
import { openPgDb } from '../../coordinator/db/pgDb.ts';
import type { ChainWatcher, WatchBatch } from '../../common/ports/index.ts';

/** A chain with no events whose cursor moves on every poll: enough to hold and hand over a lease. */
class EmptyChainWatcher implements ChainWatcher {
  private height = 0;
  async poll(): Promise<WatchBatch> {
    return { events: [], cursor: String(++this.height) };
  }
}

const env = process.env;
const claimers = Number(env.BENCH_CLAIMERS ?? 16);
const log = createLogger({ service: 'coordinator-bench' });
log.level = env.LOG_LEVEL ?? 'warn';
// Its own pool, named, so the parent finds this process's Postgres backends to measure their CPU.
const db = await openPgDb({ url: env.DATABASE_URL!, schema: env.DB_SCHEMA!, poolSize: claimers + 4, applicationName: env.BENCH_APP_NAME });
const coord = await startCoordinator(
  {
    REDIS_URL: env.REDIS_URL,
    REDIS_PREFIX: env.REDIS_PREFIX,
    COORDINATOR_TICKET_KEY: randomBytes(32).toString('hex'),
    SWEEP_INTERVAL_MS: 3_600_000,
    LEASE_MS: 600_000,
    WATCH_INTERVAL_MS: 50,
    WATCHER_LEASE_MS: Number(env.WATCHER_LEASE_MS ?? 3_000),
  },
  { db, http: false, log, watchers: [{ name: 'bench:chain', watcher: new EmptyChainWatcher() }] },
);
// Every pool connection open before the drain: its backends' CPU is measured over the whole run.
await Promise.all(Array.from({ length: claimers + 4 }, () => coord.service.db.query('SELECT pg_sleep(0.02)')));
process.send!({ kind: 'ready', instanceId: coord.instanceId });
/** Claims until the queue is empty, or until `limit` claims when given (the warm-up). */
async function drain(limit = Infinity): Promise<string[]> {
  const ids: string[] = [];
  await Promise.all(
    Array.from({ length: claimers }, async (_, w) => {
      while (ids.length < limit) {
        const claim = await coord.service.claim(`bench-${process.pid}-${w}`);
        if (!claim) return;
        ids.push(claim.request.id);
      }
    }),
  );
  return ids;
}

process.on('message', (m: { kind: string; count?: number }) => {
  if (m.kind === 'warm') {
    void drain(m.count).then((ids) => process.send!({ kind: 'warmed', ids }));
    return;
  }
  if (m.kind !== 'go') return;
  void (async () => {
    const cpu0 = process.cpuUsage();
    const ids = await drain();
    const cpu = process.cpuUsage(cpu0);
    process.send!({ kind: 'done', ids, cpuUs: cpu.user + cpu.system, endedAt: Date.now() });
  })();
});
