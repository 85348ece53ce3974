import { openPgDb } from '/work/main/coordinator/db/pgDb.ts';
import { migrate } from '/work/main/coordinator/db/migrate.ts';
const schema = 'exp_plan';
const db = await openPgDb({ url: 'postgres://postgres@127.0.0.1:5432/h5', schema, poolSize: 1 });
await db.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`); await db.query(`CREATE SCHEMA ${schema}`);
await migrate(db);
await db.query(`INSERT INTO requests (chain, contract_id, request_id, sender_id, payer_id, source, source_key, input, limits, response_format, deposit, block_height)
 SELECT 'near', 'bench.test', g::text, 'a.test', 'a.test', $2::jsonb, NULL, '', $3::jsonb, 'text', '1', g FROM generate_series(1, $1::int) g`,
 [20000, JSON.stringify({ kind: 'git', repo: 'file:///bench', commit: 'f'.repeat(40), target: 'wasm32-wasip1' }), JSON.stringify({ maxInstructions: 1e6, maxMemoryMb: 64, maxExecutionMs: 1000, maxCompileMs: 60_000 })]);
await db.query('ANALYZE requests'); await db.query('ANALYZE jobs');
const mod = await import('/work/main/coordinator/jobs/claimStatement.ts');
const clock = { now: () => new Date() } as any;
for (let i = 0; i < 200; i++) await mod.claimForSlots(db, clock, ['a','b','c','d','e'], 60000);
// the SQL text: grab from module source
const src = (await import('node:fs')).readFileSync('/work/main/coordinator/jobs/claimStatement.ts','utf8');
const m = src.match(/const claimSql = \(specific: boolean, targets = [^)]*\): string => `([\s\S]*?)`;/)!;
let sql = m[1].replace(/\$\{specific \? '[^']*' : ''\}/g, '').replace(/\$\{targets\}/g, '$4::text[]');
const cols = (await import('/work/main/coordinator/ledger/RequestRecord.ts')).REQUEST_COLUMNS;
sql = sql.replace('${REQUEST_COLUMNS}', cols);
const r = await db.query<any>('EXPLAIN (ANALYZE, BUFFERS) ' + sql, [['a','b','c','d','e'], 60000, new Date(), null]);
console.log(r.rows.map((x: any) => x['QUERY PLAN']).join('\n'));
await db.query(`DROP SCHEMA ${schema} CASCADE`); await db.close();
