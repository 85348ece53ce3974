import assert from 'node:assert/strict';
import type { Db } from '../../coordinator/db/Db.ts';
import { claimNext } from '../../coordinator/jobs/claimStatement.ts';
import { recordRequest } from '../../coordinator/ledger/requestsRepo.ts';
import { openTestDb } from './helpers/testDb.ts';
import { sampleRequest } from './helpers/fixtures.ts';
import { systemClock } from '../../common/clock/index.ts';

// The claim statement commits asynchronously (see claimStatement.ts); everything else on the same
// connection must stay synchronous. A one-connection pool makes "the same connection" certain.
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
  });
});
