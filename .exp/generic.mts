import fs from 'node:fs';
import { openPgDb } from '/work/main/coordinator/db/pgDb.ts';
import { migrate } from '/work/main/coordinator/db/migrate.ts';
const schema = 'exp_gen';
const db = await openPgDb({ url: 'postgres://postgres@127.0.0.1:5432/h5', schema, poolSize: 1 });
await db.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`); await db.query(`CREATE SCHEMA ${schema}`);
await migrate(db);
const Q = Number(process.argv[2] ?? 20000);
await db.query(`INSERT INTO wasm_modules (sha256, size_bytes) SELECT md5(g::text)||md5(g::text), 1 FROM generate_series(1, 20000) g`);
await db.query(`INSERT INTO wasm_sources (source_key, sha256) SELECT 'k'||g, md5(g::text)||md5(g::text) FROM generate_series(1, 20000) g`);
await db.query(`INSERT INTO requests (chain, contract_id, request_id, sender_id, payer_id, source, source_key, input, limits, response_format, deposit, block_height)
 SELECT 'near', 'bench.test', g::text, 'a.test', 'a.test', $2::jsonb, 'k'||(g % 30000), '', $3::jsonb, 'text', '1', g FROM generate_series(1, $1::int) g`,
 [Q, JSON.stringify({ kind: 'git', repo: 'file:///bench', commit: 'f'.repeat(40), target: 'wasm32-wasip1' }), JSON.stringify({ maxInstructions: 1e6, maxMemoryMb: 64, maxExecutionMs: 1000, maxCompileMs: 60_000 })]);
await db.query('ANALYZE');
const src = fs.readFileSync('/work/main/coordinator/jobs/claimStatement.ts','utf8');
const m = src.match(/const claimSql = \(specific: boolean, targets = [^)]*\): string => `([\s\S]*?)`;/)!;
let sql = m[1].replace(/\$\{specific \? '[^']*' : ''\}/g, '').replace(/\$\{targets\}/g, '$4::text[]');
sql = sql.replace('${REQUEST_COLUMNS}', (await import('/work/main/coordinator/ledger/RequestRecord.ts')).REQUEST_COLUMNS);
await db.query(`SET plan_cache_mode = ${process.argv[3]}`);
await db.query(`PREPARE c(text[], int, timestamptz, text[]) AS ${sql}`);
const r = await db.query<any>(`EXPLAIN (ANALYZE, COSTS OFF) EXECUTE c(ARRAY['a','b','c','d','e'], 60000, now(), ARRAY['wasm32-wasip2'])`);
console.log(r.rows.map((x: any) => x['QUERY PLAN']).filter((l: string) => /Scan|Join|Loop|Time|Limit/.test(l)).join('\n'));
await db.query(`DROP SCHEMA ${schema} CASCADE`); await db.close();
