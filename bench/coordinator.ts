/**
 * Coordinator benchmark against the machine's real Postgres and Redis (DATABASE_URL / REDIS_URL,
 * defaulting to postgres://postgres@127.0.0.1:5432/test and redis://127.0.0.1:6379), in a schema of
 * its own that is dropped afterwards. Measured through the SERVICE LAYER (CoordinatorService: the
 * single claim statement, the wake-up bus), not HTTP, so the numbers are the ledger's and not
 * Express's:
 *  - claims/s: 16 concurrent claimers start together behind a gate and drain a queue of requests;
 *  - duplicates: requests or jobs handed out more than once (must be 0);
 *  - (extra line) the same drain by workers asking for 8 requests per call (claimMany);
 *  - wake-up latency: coordinator A records a request; a worker long-polling coordinator B (another
 *    pool, woken through Redis pub/sub) receives the claim. Measured from the moment the request is
 *    recorded (its INSERT committed) to the poller holding the claim; the record's own commit time
 *    (an fsync) is reported separately.
 * The machine is shared, so wall-clock figures move with its load: the CPU time spent per claim
 * (this process, and the Postgres backends of both pools when /proc shows them) is printed too, as
 * a load-independent figure, along with the load average.
 * Last line: `bench coordinator: claims_per_s=N duplicates=D wake_p50_ms=T`.
 * With `-- --coordinators N`: the same drain by N coordinator processes (coordinator/scale.ts).
 */
import { startCoordinator } from '../coordinator/startCoordinator.ts';
import { openPgDb } from '../coordinator/db/pgDb.ts';
import { migrate } from '../coordinator/db/migrate.ts';
import { randomSchemaName } from '../coordinator/db/schemaName.ts';
import type { ExecutionRequest } from '../common/types/index.ts';
import { recordRequest } from '../coordinator/ledger/requestsRepo.ts';
import { createLogger } from '../common/logger.ts';
import { QUEUE_TOPIC } from '../coordinator/wake/topics.ts';
import { backendCpuTicks, backendCpuUs, loadAverage } from './coordinator/cpu.ts';
import { runScale } from './coordinator/scale.ts';

const CLAIMERS = 16;
const REQUESTS = Number(process.env.BENCH_COORDINATOR_REQUESTS ?? 6000);
const WAKE_SAMPLES = 40;
/** Requests per call in the claimMany phase (workers asking for several at once). */
const MANY = 8;

function request(i: number): ExecutionRequest {
  return {
    chain: 'near',
    contractId: 'bench.test',
    requestId: `wake-${i}`,
    senderId: 'a.test',
    payerId: 'a.test',
    source: { kind: 'git', repo: 'file:///bench', commit: 'f'.repeat(40), target: 'wasm32-wasip1' },
    input: '',
    limits: { maxInstructions: 1e6, maxMemoryMb: 64, maxExecutionMs: 1000, maxCompileMs: 60_000 },
    responseFormat: 'text',
    deposit: '1',
    blockHeight: i,
  };
}

const percentile = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
};

export async function main(args: string[] = []): Promise<void> {
  const at = args.indexOf('--coordinators');
  if (at >= 0) {
    const n = Number(args[at + 1]);
    if (!Number.isInteger(n) || n < 1 || n > 16) throw new Error(`--coordinators takes a count from 1 to 16, not ${args[at + 1]}`);
    return runScale(n);
  }
  const databaseUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  const schema = randomSchemaName('bench');
  const prefix = `errand-bench:${schema}:`;
  const appName = `errand-bench-${schema}`;
  const dbA = await openPgDb({ url: databaseUrl, schema, poolSize: CLAIMERS + 4, applicationName: appName });
  const dbB = await openPgDb({ url: databaseUrl, schema, poolSize: 4, applicationName: appName });
  const common = { REDIS_URL: redisUrl, REDIS_PREFIX: prefix, SWEEP_INTERVAL_MS: 3_600_000, LEASE_MS: 600_000 } as const;
  try {
    await migrate(dbA);
    const log = createLogger({ service: 'coordinator-bench' });
    log.level = process.env.LOG_LEVEL ?? 'warn';
    const a = await startCoordinator(common, { db: dbA, http: false, log });
    const b = await startCoordinator(common, { db: dbB, http: false, log });
    try {
      console.log(`bench coordinator: measuring through the service layer (no HTTP); postgres=${databaseUrl.replace(/\/\/[^@]*@/, '//')} redis=${redisUrl}`);
      // Queue setup in one statement (recording is not what is measured here).
      await dbA.query(
        `INSERT INTO requests (chain, contract_id, request_id, sender_id, payer_id, source, source_key, input, limits, response_format, deposit, block_height)
         SELECT 'near', 'bench.test', g::text, 'a.test', 'a.test', $2::jsonb, NULL, '', $3::jsonb, 'text', '1', g
         FROM generate_series(1, $1::int) g`,
        [REQUESTS, JSON.stringify(request(0).source), JSON.stringify(request(0).limits)],
      );
      await dbA.query('ANALYZE requests');
      await dbA.query('ANALYZE jobs');

      const seenRequests = new Map<string, number>();
      const seenJobs = new Map<string, number>();
      let release!: () => void;
      const gate = new Promise<void>((r) => (release = r));
      const claimer = async (w: number): Promise<void> => {
        await gate;
        for (;;) {
          const claim = await a.service.claim(`bench-${w}`);
          if (!claim) return;
          seenRequests.set(claim.request.id, (seenRequests.get(claim.request.id) ?? 0) + 1);
          for (const j of claim.jobs) seenJobs.set(j.id, (seenJobs.get(j.id) ?? 0) + 1);
        }
      };
      // Open every pool connection first, so the backends' CPU is measured over the whole run.
      await Promise.all(Array.from({ length: CLAIMERS + 4 }, () => dbA.query('SELECT pg_sleep(0.02)')));
      const pgCpu0 = await backendCpuTicks(dbA, appName);
      const cpu0 = process.cpuUsage();
      const running = Array.from({ length: CLAIMERS }, (_, w) => claimer(w));
      const t0 = performance.now();
      release();
      await Promise.all(running);
      const seconds = (performance.now() - t0) / 1000;
      const cpu = process.cpuUsage(cpu0);
      const pgCpu1 = await backendCpuTicks(dbA, appName);
      const claims = [...seenRequests.values()].reduce((x, y) => x + y, 0);
      const duplicates = [...seenRequests.values(), ...seenJobs.values()].filter((n) => n > 1).length + (REQUESTS - seenRequests.size);
      const claimsPerS = Math.round(claims / seconds);
      console.log(
        `  claims: ${claims} requests (${seenJobs.size} jobs) by ${CLAIMERS} claimers in ${seconds.toFixed(2)} s -> ${claimsPerS}/s; duplicates or misses: ${duplicates}`,
      );
      const pgCpuUs = backendCpuUs(pgCpu0, pgCpu1);
      const pgUs = pgCpuUs === null ? 'n/a' : (pgCpuUs / claims).toFixed(0);
      console.log(
        `  cpu per claim: coordinator process ${((cpu.user + cpu.system) / claims).toFixed(0)} us, postgres backends ${pgUs} us; load average ${await loadAverage()}`,
      );

      // Not part of the closing line: workers that ask for several requests per call (claimMany).
      await dbA.query(
        `INSERT INTO requests (chain, contract_id, request_id, sender_id, payer_id, source, source_key, input, limits, response_format, deposit, block_height)
         SELECT 'near', 'bench.test', 'many-' || g, 'a.test', 'a.test', $2::jsonb, NULL, '', $3::jsonb, 'text', '1', g
         FROM generate_series(1, $1::int) g`,
        [REQUESTS, JSON.stringify(request(0).source), JSON.stringify(request(0).limits)],
      );
      const many = new Map<string, number>();
      const tMany = performance.now();
      await Promise.all(
        Array.from({ length: CLAIMERS }, async (_, w) => {
          for (;;) {
            const got = await a.service.claimMany(`bench-many-${w}`, MANY);
            if (got.length === 0) return;
            for (const claim of got) many.set(claim.request.id, (many.get(claim.request.id) ?? 0) + 1);
          }
        }),
      );
      const manySeconds = (performance.now() - tMany) / 1000;
      const manyDuplicates = [...many.values()].filter((n) => n > 1).length + (REQUESTS - many.size);
      console.log(
        `  claimMany(${MANY}): ${REQUESTS} requests by ${CLAIMERS} claimers in ${manySeconds.toFixed(2)} s -> ${Math.round(REQUESTS / manySeconds)}/s; duplicates or misses: ${manyDuplicates}`,
      );

      const wake: number[] = [];
      const commit: number[] = [];
      for (let i = 0; i < WAKE_SAMPLES; i++) {
        const polled = b.service.poll('bench-waiter', 5_000);
        await new Promise((r) => setTimeout(r, 5)); // the poller is waiting, not mid-check
        // What CoordinatorService.record does, with a clock between the commit and the wake-up.
        const t0 = performance.now();
        await recordRequest(dbA, request(i));
        const recorded = performance.now();
        await a.service.bus.publish(QUEUE_TOPIC);
        const claim = await polled;
        if (!claim) throw new Error('long-poller was not woken within 5 s');
        wake.push(performance.now() - recorded);
        commit.push(recorded - t0);
      }
      const p50 = percentile(wake, 50);
      console.log(`  record commit (INSERT + fsync): p50=${percentile(commit, 50).toFixed(2)} ms`);
      console.log(
        `  wake-up (recorded on A -> claim in the hands of a long-poller on B, via Redis): p50=${p50.toFixed(2)} ms p90=${percentile(wake, 90).toFixed(2)} ms over ${WAKE_SAMPLES}`,
      );
      console.log(`bench coordinator: claims_per_s=${claimsPerS} duplicates=${duplicates} wake_p50_ms=${p50.toFixed(1)}`);
    } finally {
      await b.close();
      await a.close();
    }
  } finally {
    await dbA.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).catch(() => undefined);
    await dbB.close();
    await dbA.close();
  }
}
