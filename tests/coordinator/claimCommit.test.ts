import assert from 'node:assert/strict';
import type { Db } from '../../coordinator/db/Db.ts';
import { claimNext } from '../../coordinator/jobs/claimStatement.ts';
import { recordRequest } from '../../coordinator/ledger/requestsRepo.ts';
import { openTestDb, usingPostgres } from './helpers/testDb.ts';
import { sampleRequest } from './helpers/fixtures.ts';
import { systemClock } from '../../common/clock/index.ts';

/** A statement run where the claim statement runs (Postgres: the generic-plan pool; PGlite: its one connection). */
const onClaimConnection = <R>(db: Db, sql: string, params: unknown[] = []) =>
  db.query<R>(sql, params, { prepareAs: `errand_test_probe_${sql.length}`, genericPlan: true });

// The claim statement commits asynchronously (see claimStatement.ts); everything else on the same
// connection must stay synchronous. One-connection pools make "the same connection" certain.
describe('coordinator claim commit mode', () => {
  let db: Db;
  beforeEach(async () => {
    db = await openTestDb({ poolSize: 1 });
  });
  afterEach(async () => {
    await db.close();
  });

  it('asynchronous commit is scoped to the claim statement, never left on the connection', async () => {
    const before = await db.query<{ synchronous_commit: string }>('SHOW synchronous_commit');
    await recordRequest(db, sampleRequest(1));
    const claim = await claimNext(db, systemClock, 'w1', 60_000);
    assert.ok(claim, 'the recorded request is claimed');
    const after = await db.query<{ synchronous_commit: string }>('SHOW synchronous_commit');
    assert.equal(after.rows[0]!.synchronous_commit, before.rows[0]!.synchronous_commit);
    assert.notEqual(after.rows[0]!.synchronous_commit, 'off');
    // An empty queue takes the same path.
    assert.equal(await claimNext(db, systemClock, 'w1', 60_000), null);
    const empty = await db.query<{ synchronous_commit: string }>('SHOW synchronous_commit');
    assert.equal(empty.rows[0]!.synchronous_commit, before.rows[0]!.synchronous_commit);
    const onClaims = await onClaimConnection<{ s: string }>(db, "SELECT current_setting('synchronous_commit') AS s");
    assert.equal(onClaims.rows[0]!.s, before.rows[0]!.synchronous_commit, 'nor on the connection the claims ran on');
  });

  it('the claim statement is planned once per connection (generic plan), never re-planned per batch', async function () {
    if (!usingPostgres) this.skip(); // PGlite has no plan-cache choice to make here
    for (let i = 1; i <= 8; i++) await recordRequest(db, sampleRequest(i));
    for (let i = 0; i < 8; i++) assert.ok(await claimNext(db, systemClock, `w${i}`, 60_000));
    const plans = await onClaimConnection<{ generic_plans: number; custom_plans: number }>(
      db,
      'SELECT generic_plans::int AS generic_plans, custom_plans::int AS custom_plans FROM pg_prepared_statements WHERE name = $1',
      ['errand_claim_slots_v6'],
    );
    // Without the generic-plan pool Postgres plans each of the first five executions (custom), and
    // this statement's custom plans look cheaper than its generic one, so it keeps re-planning.
    assert.deepEqual(plans.rows, [{ generic_plans: 8, custom_plans: 0 }]);
  });
});
