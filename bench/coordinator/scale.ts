/**
 * `npm run bench -- coordinator -- --coordinators N`: N coordinator PROCESSES on one Postgres schema
 * and one Redis, 48 claimers in all (BENCH_COORDINATOR_CLAIMERS) split between them, drain one
 * queue through their service layers (as the single-process bench does) after each has warmed up on 1,000 claims (not
 * measured: a running deployment is warm), then the one leading the (empty) chain watcher is
 * killed with SIGKILL and the time until another holds the lease is measured. CPU per claim is
 * summed over the coordinator processes, and over their Postgres backends (from /proc).
 * Run it with N=1 for the baseline figure to compare against.
 *
 * Why 48: claims_per_s compares capacities, so the load must saturate one coordinator, whose single
 * claim statement in flight (CLAIM_STATEMENTS_IN_FLIGHT) then carries full batches; measured here,
 * one coordinator gave 7,858/s with 16 claimers, 8,252 with 32, 9,051-9,942 with 48 and 9,575 with
 * 64. With 16 claimers in all, three coordinators serve about 5 each and pay a statement per 5
 * claims: that light load is measured too (BENCH_COORDINATOR_CLAIMERS=16) and is in the README.
 * Last line: `bench coordinator-scale: coordinators=N claims_per_s=N handover_ms=T
 * cpu_us_per_claim_coordinator=A cpu_us_per_claim_postgres=B`.
 */
import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openPgDb } from '../../coordinator/db/pgDb.ts';
import { migrate } from '../../coordinator/db/migrate.ts';
import { randomSchemaName } from '../../coordinator/db/schemaName.ts';
import { backendCpuTicks, backendCpuUs, loadAverage } from './cpu.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const CLAIMERS = Number(process.env.BENCH_COORDINATOR_CLAIMERS ?? 48);
const REQUESTS = Number(process.env.BENCH_COORDINATOR_REQUESTS ?? 15000);
/** Claims each process makes before the timed drain: its JIT, plan cache and pool warm, as in a running deployment. */
const WARMUP_PER_PROCESS = Number(process.env.BENCH_COORDINATOR_WARMUP ?? 1000);

type FromChild = { kind: 'ready'; instanceId: string } | { kind: 'warmed'; ids: string[] } | { kind: 'done'; ids: string[]; cpuUs: number; endedAt: number };

export async function runScale(coordinators: number): Promise<void> {
  const databaseUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  const schema = randomSchemaName('bench');
  const appName = `errand-bench-${schema}`;
  const db = await openPgDb({ url: databaseUrl, schema, poolSize: 2, applicationName: `${appName}-parent` });
  const children: ChildProcess[] = [];
  try {
    await migrate(db);
    const inbox: FromChild[][] = [];
    const next = (i: number, kind: FromChild['kind']): Promise<FromChild> =>
      new Promise((resolve, reject) => {
        const poll = setInterval(() => {
          const at = inbox[i]!.findIndex((m) => m.kind === kind);
          if (at >= 0) {
            clearInterval(poll);
            resolve(inbox[i]!.splice(at, 1)[0]!);
          } else if (children[i]!.exitCode !== null) {
            clearInterval(poll);
            reject(new Error(`coordinator process ${i} exited`));
          }
        }, 5);
      });
    for (let i = 0; i < coordinators; i++) {
      const share = Math.floor(CLAIMERS / coordinators) + (i < CLAIMERS % coordinators ? 1 : 0);
      const child = fork(path.join(here, 'claimerProcess.ts'), [], {
        execArgv: ['--import', 'tsx'],
        env: {
          ...process.env,
          DATABASE_URL: databaseUrl,
          REDIS_URL: redisUrl,
          DB_SCHEMA: schema,
          REDIS_PREFIX: `errand-bench:${schema}:`,
          BENCH_CLAIMERS: String(share),
          BENCH_APP_NAME: appName,
        },
      });
      children.push(child);
      inbox.push([]);
      child.on('message', (m: FromChild) => inbox[i]!.push(m));
    }
    const ready = (await Promise.all(children.map((_, i) => next(i, 'ready')))) as Array<Extract<FromChild, { kind: 'ready' }>>;
    console.log(
      `bench coordinator-scale: ${coordinators} coordinator processes, ${CLAIMERS} claimers in all; postgres=${databaseUrl.replace(/\/\/[^@]*@/, '//')} redis=${redisUrl}`,
    );
    await db.query(
      `INSERT INTO requests (chain, contract_id, request_id, sender_id, payer_id, source, source_key, input, limits, response_format, deposit, block_height)
       SELECT 'near', 'bench.test', g::text, 'a.test', 'a.test', $2::jsonb, NULL, '', $3::jsonb, 'text', '1', g FROM generate_series(1, $1::int) g`,
      [
        REQUESTS + WARMUP_PER_PROCESS * coordinators,
        JSON.stringify({ kind: 'git', repo: 'file:///bench', commit: 'f'.repeat(40), target: 'wasm32-wasip1' }),
        JSON.stringify({ maxInstructions: 1e6, maxMemoryMb: 64, maxExecutionMs: 1000, maxCompileMs: 60_000 }),
      ],
    );
    await db.query('ANALYZE requests');
    await db.query('ANALYZE jobs');

    // Warm-up, one process after another (each gets its share), not measured.
    const warmed: string[] = [];
    for (let i = 0; i < coordinators; i++) {
      children[i]!.send({ kind: 'warm', count: WARMUP_PER_PROCESS });
      warmed.push(...((await next(i, 'warmed')) as Extract<FromChild, { kind: 'warmed' }>).ids);
    }

    const pg0 = await backendCpuTicks(db, appName);
    const t0 = Date.now();
    for (const c of children) c.send({ kind: 'go' });
    const done = (await Promise.all(children.map((_, i) => next(i, 'done')))) as Array<Extract<FromChild, { kind: 'done' }>>;
    const seconds = (Math.max(...done.map((d) => d.endedAt)) - t0) / 1000;
    const pg1 = await backendCpuTicks(db, appName);
    const seen = new Map<string, number>();
    for (const id of warmed) seen.set(id, 1);
    for (const d of done) for (const id of d.ids) seen.set(id, (seen.get(id) ?? 0) + 1);
    const claims = done.reduce((n, d) => n + d.ids.length, 0);
    const total = REQUESTS + WARMUP_PER_PROCESS * coordinators;
    const duplicates = [...seen.values()].filter((n) => n > 1).length + (total - seen.size);
    const claimsPerS = Math.round(claims / seconds);
    const coordUs = done.reduce((s, d) => s + d.cpuUs, 0) / claims;
    const pgCpu = backendCpuUs(pg0, pg1);
    const pgUs = pgCpu === null ? 'n/a' : (pgCpu / claims).toFixed(0);
    console.log(
      `  claims: ${claims} by ${CLAIMERS} claimers over ${coordinators} processes in ${seconds.toFixed(2)} s -> ${claimsPerS}/s (after ${warmed.length} warm-up claims); duplicates or misses: ${duplicates}`,
    );
    console.log(`  per process: ${done.map((d) => d.ids.length).join(' / ')} claims; load average ${await loadAverage()}`);

    // Handover: SIGKILL the process leading the watcher; time until another one holds the lease.
    const holderNow = async (): Promise<string | undefined> =>
      (await db.query<{ holder: string }>(`SELECT holder FROM watcher_leases WHERE name = 'bench:chain' AND expires_at > now()`)).rows[0]?.holder;
    let handoverMs: number | string = 'n/a';
    const leader = await holderNow();
    const victim = ready.findIndex((r) => r.instanceId === leader);
    if (coordinators > 1 && victim >= 0) {
      const tKill = Date.now();
      children[victim]!.kill('SIGKILL');
      for (;;) {
        const h = await holderNow();
        if (h && h !== leader) break;
        if (Date.now() - tKill > 30_000) throw new Error('no watcher handover within 30 s');
        await new Promise((r) => setTimeout(r, 10));
      }
      handoverMs = Date.now() - tKill;
      console.log(`  watcher handover after SIGKILL of the leader: ${handoverMs} ms (lease ${process.env.WATCHER_LEASE_MS ?? 3000} ms, renewed every third)`);
    }
    console.log(
      `bench coordinator-scale: coordinators=${coordinators} claims_per_s=${claimsPerS} handover_ms=${handoverMs} cpu_us_per_claim_coordinator=${coordUs.toFixed(0)} cpu_us_per_claim_postgres=${pgUs}`,
    );
  } finally {
    for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
    await db.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).catch(() => undefined);
    await db.close();
  }
}
