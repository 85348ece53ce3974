import assert from 'node:assert/strict';
import { openPgliteDb } from '../../coordinator/db/pgliteDb.ts';
import { pgErrorCode, type Db } from '../../coordinator/db/Db.ts';
import { migrate } from '../../coordinator/db/migrate.ts';
import { applyChainBatch } from '../../coordinator/watcher/chainBatch.ts';
import { claimForSlots } from '../../coordinator/jobs/claimStatement.ts';
import { completeExecute } from '../../coordinator/jobs/complete.ts';
import { getRequest } from '../../coordinator/ledger/requestsRepo.ts';
import { isErrandError } from '../../common/errors/index.ts';
import { okResponse, sampleRequest } from './helpers/fixtures.ts';
import { systemClock } from '../../common/clock/index.ts';

// The coordinator's own PGlite (errand dev, the e2e bench): session search_path and prepared hot
// statements, instead of the per-statement transaction of the shared test instance.
describe('coordinator on an owned PGlite (session search_path, prepared statements)', function () {
  this.timeout(60_000);
  let db: Db;
  before(async () => {
    db = await openPgliteDb({ schema: 'errand_owned' });
    await migrate(db);
  });
  after(async () => {
    await db.close();
  });

  it('keeps every table in its schema', async () => {
    const { rows } = await db.query<{ table_schema: string }>(
      `SELECT DISTINCT table_schema FROM information_schema.tables WHERE table_name IN ('requests', 'jobs', 'events')`,
    );
    assert.deepEqual(
      rows.map((r) => r.table_schema),
      ['errand_owned'],
    );
  });

  it('runs the hot path through prepared statements, again and again, with the same results', async () => {
    for (let i = 1; i <= 8; i++) {
      const out = await applyChainBatch(db, { requested: [sampleRequest(i)], completed: [], cursor: { name: 'near', value: String(i) } });
      assert.deepEqual(out, { recorded: 1, completed: 0 });
      const claims = await claimForSlots(db, systemClock, ['w1', 'w2'], 60_000);
      const claim = claims.get('w1')?.[0];
      assert.equal(claim?.request.requestId, String(i));
      assert.equal(claims.has('w2'), false, 'one request, one claim');
      const execute = claim!.jobs.find((j) => j.type === 'execute')!;
      const compile = claim!.jobs.find((j) => j.type === 'compile')!;
      await assert.rejects(completeExecute(db, systemClock, execute.id, 'w1', { response: okResponse }), (e) =>
        isErrandError(e, 'COORDINATOR__JOB_STATE_INVALID'),
      );
      await db.query(`UPDATE jobs SET status = 'done' WHERE id = $1::uuid`, [compile.id]);
      await completeExecute(db, systemClock, execute.id, 'w1', { response: okResponse, resolveTx: `tx${i}` });
      const rec = await getRequest(db, claim!.request.id);
      assert.equal(rec.status, 'done');
      assert.equal(rec.resolveTx, `tx${i}`);
      await assert.rejects(completeExecute(db, systemClock, execute.id, 'w1', { response: okResponse }), (e) => isErrandError(e, 'COORDINATOR__LEASE_LOST'));
    }
  });

  it("maintenance vacuums and analyzes the schema's tables in turn (PGlite has no autovacuum)", async () => {
    const analyzed = async () =>
      (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_stat_user_tables WHERE schemaname = 'errand_owned' AND last_analyze IS NOT NULL`))
        .rows[0]!.n;
    const before = await analyzed();
    const { rows } = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = 'errand_owned'`);
    for (let i = 0; i < rows[0]!.n; i++) await db.maintain!();
    assert.equal(await analyzed(), rows[0]!.n, `every table analyzed (before: ${before})`);
    const { rows: reqs } = await db.query<{ reltuples: number }>(
      `SELECT reltuples::float8 AS reltuples FROM pg_class WHERE relname = 'requests' AND relnamespace = 'errand_owned'::regnamespace`,
    );
    assert.ok(reqs[0]!.reltuples >= 8, 'the planner knows how big requests is');
  });

  it('reports database errors with their code, and the next prepared call still works', async () => {
    await assert.rejects(db.query(`SELECT $1::uuid AS id`, ['not-a-uuid'], { prepareAs: 'test_uuid' }), (e) => pgErrorCode(e) === '22P02');
    const { rows } = await db.query<{ id: string }>(`SELECT $1::uuid AS id`, ['00000000-0000-0000-0000-000000000001'], { prepareAs: 'test_uuid' });
    assert.equal(rows[0]?.id, '00000000-0000-0000-0000-000000000001');
    await assert.rejects(db.query(`SELECT 2`, [], { prepareAs: 'test_uuid' }), /other SQL/);
  });

  it("never runs a prepared statement inside another caller's transaction", async () => {
    let inside = false;
    const seen: boolean[] = [];
    const tx = db.transaction(async (t) => {
      inside = true;
      await t.query(`SELECT 1`);
      await new Promise((r) => setTimeout(r, 50));
      await t.query(`SELECT 1`);
      inside = false;
    });
    const q = db.query(`SELECT $1::int AS n`, [1], { prepareAs: 'test_int' }).then(() => seen.push(inside));
    await Promise.all([tx, q]);
    assert.deepEqual(seen, [false]);
  });
});
