import fs from "node:fs";
import { openPgDb } from '/work/main/coordinator/db/pgDb.ts';
import { migrate } from '/work/main/coordinator/db/migrate.ts';
const schema = 'exp_plan2';
const db = await openPgDb({ url: 'postgres://postgres@127.0.0.1:5432/h5', schema, poolSize: 1 });
await db.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`); await db.query(`CREATE SCHEMA ${schema}`);
await migrate(db);
await db.query(`INSERT INTO requests (chain, contract_id, request_id, sender_id, payer_id, source, source_key, input, limits, response_format, deposit, block_height)
 SELECT 'near', 'bench.test', g::text, 'a.test', 'a.test', $2::jsonb, NULL, '', $3::jsonb, 'text', '1', g FROM generate_series(1, $1::int) g`,
 [40000, JSON.stringify({ kind: 'git', repo: 'file:///bench', commit: 'f'.repeat(40), target: 'wasm32-wasip1' }), JSON.stringify({ maxInstructions: 1e6, maxMemoryMb: 64, maxExecutionMs: 1000, maxCompileMs: 60_000 })]);
await db.query('ANALYZE requests'); await db.query('ANALYZE jobs');
const { claimForSlots } = await import('/work/main/coordinator/jobs/claimStatement.ts');
const clock = { now: () => new Date() } as any;
const mode = process.argv[2] ?? 'auto';
await db.query(`SET plan_cache_mode = ${mode}`);
const pid = (await db.query<any>('SELECT pg_backend_pid() AS p')).rows[0].p;
const ticks = () => { const s = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' '); return Number(s[11]) + Number(s[12]); };
for (const n of [1, 5, 16]) {
  const ids = Array.from({ length: n }, (_, i) => `w${i}`);
  for (let i = 0; i < 20; i++) await claimForSlots(db, clock, ids, 60000);
  const t = performance.now(); const R = 400; const k0 = ticks(); const c0 = process.cpuUsage();
  for (let i = 0; i < R; i++) await claimForSlots(db, clock, ids, 60000);
  const ms = (performance.now() - t) / R; const pgUs = (ticks() - k0) * 10000 / R; const c = process.cpuUsage(c0);
  console.log(`${mode} slots=${n}: ${ms.toFixed(3)} ms/statement wall, pg ${pgUs.toFixed(0)} us/statement, node ${((c.user + c.system) / R).toFixed(0)} us/statement`);
}
await db.query(`DROP SCHEMA ${schema} CASCADE`); await db.close();
