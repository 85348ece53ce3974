/**
 * The claim statement's plan on a large module cache: a queued request that needs a build for a
 * target the claimer does not build is claimable only when its module is cached, and that check
 * must be an index lookup per row, not a scan of the whole wasm_sources table per statement (which
 * Postgres picks for a plain EXISTS once the table is large: 3.6 ms per statement at 20,000 rows).
 */
import assert from 'node:assert/strict';
import type { Db } from '../../coordinator/db/Db.ts';
import { CLAIM_NEXT_SQL } from '../../coordinator/jobs/claimStatement.ts';
import { openTestDb, usingPostgres } from './helpers/testDb.ts';

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  Plans?: PlanNode[];
}
const nodes = (n: PlanNode): PlanNode[] => [n, ...(n.Plans ?? []).flatMap(nodes)];

describe('coordinator claim statement plan (large module cache)', function () {
  this.timeout(60_000);
  let db: Db;
  before(async function () {
    if (!usingPostgres) this.skip(); // the plan is Postgres's choice; PGlite plans for its own sizes
    db = await openTestDb({ poolSize: 1 });
    await db.query(`INSERT INTO wasm_modules (sha256, size_bytes) SELECT md5(g::text) || md5(g::text), 1 FROM generate_series(1, 20000) g`);
    await db.query(`INSERT INTO wasm_sources (source_key, sha256) SELECT 'k' || g, md5(g::text) || md5(g::text) FROM generate_series(1, 20000) g`);
    await db.query(
      `INSERT INTO requests (chain, contract_id, request_id, sender_id, payer_id, source, source_key, input, limits, response_format, deposit, block_height)
       SELECT 'near', 'plan.test', g::text, 'a.test', 'a.test', $1::jsonb, 'k' || g, '', $2::jsonb, 'text', '1', g FROM generate_series(1, 20000) g`,
      [
        JSON.stringify({ kind: 'git', repo: 'file:///plan', commit: 'f'.repeat(40), target: 'wasm32-wasip1' }),
        JSON.stringify({ maxInstructions: 1e6, maxMemoryMb: 64, maxExecutionMs: 1000, maxCompileMs: 60_000 }),
      ],
    );
    await db.query('ANALYZE');
  });
  after(async () => db?.close());

  it('looks cached modules up by key, never scanning wasm_sources', async () => {
    const { rows } = await db.query<{ 'QUERY PLAN': Array<{ Plan: PlanNode }> }>(`EXPLAIN (FORMAT JSON) ${CLAIM_NEXT_SQL}`, [
      ['w1', 'w2', 'w3', 'w4', 'w5'],
      60_000,
      new Date(),
      ['wasm32-wasip2'],
    ]);
    const plan = nodes(rows[0]!['QUERY PLAN'][0]!.Plan);
    const onSources = plan.filter((n) => n['Relation Name'] === 'wasm_sources').map((n) => n['Node Type']);
    assert.ok(onSources.length > 0, 'the statement reads wasm_sources');
    assert.ok(!onSources.includes('Seq Scan'), `wasm_sources read by ${onSources.join(', ')}`);
  });
});
