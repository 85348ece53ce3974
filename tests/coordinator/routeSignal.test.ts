/**
 * Issue 12, item 10: every HTTP route passes a signal to its database calls, aborted when the
 * caller hangs up (or the coordinator closes). A route whose statement is stuck behind a lock held
 * by another connection is cancelled on Postgres when its caller disconnects: the statement is gone
 * from pg_stat_activity within a second, and nothing stored is lost (the held lease and the
 * request are unchanged). Needs a real Postgres (DATABASE_URL); PGlite cannot interrupt a statement.
 */
import assert from 'node:assert/strict';
import pg from 'pg';
import { startTestCoordinator, type TestCoordinator } from './helpers/testCoordinator.ts';
import { sampleRequest } from './helpers/fixtures.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Backends of this coordinator's pool running a statement that waits on a lock. */
async function lockWaiters(admin: pg.Client, match: string): Promise<number[]> {
  const { rows } = await admin.query<{ pid: number }>(
    `SELECT pid FROM pg_stat_activity
     WHERE application_name = 'errand-coordinator' AND state = 'active' AND wait_event_type = 'Lock' AND query LIKE $1`,
    [`%${match}%`],
  );
  return rows.map((r) => r.pid);
}

async function waitFor<T>(what: string, ms: number, probe: () => Promise<T | null>): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v !== null) return v;
    if (Date.now() > until) throw new Error(`${what}: not within ${ms} ms`);
    await sleep(25);
  }
}

/** Starts `path` with a caller that hangs up once its statement waits on the lock; returns how long
 * after the hang-up the statement was still in pg_stat_activity. */
async function hangUpWhileBlocked(
  c: TestCoordinator,
  admin: pg.Client,
  req: { method: string; path: string; token: string; body?: unknown },
  match: string,
): Promise<number> {
  const caller = new AbortController();
  const call = fetch(`${c.url}${req.path}`, {
    method: req.method,
    headers: { authorization: `Bearer ${req.token}`, ...(req.body ? { 'content-type': 'application/json' } : {}) },
    ...(req.body ? { body: JSON.stringify(req.body) } : {}),
    signal: caller.signal,
  });
  call.catch(() => undefined);
  const [pid] = await waitFor('the route waits on the lock', 5_000, async () => {
    const pids = await lockWaiters(admin, match);
    return pids.length === 1 ? pids : null;
  });
  caller.abort();
  const left = Date.now();
  await waitFor('the statement ends after the caller left', 1_000, async () => {
    const { rows } = await admin.query(`SELECT 1 FROM pg_stat_activity WHERE pid = $1 AND state = 'active'`, [pid]);
    return rows.length === 0 ? true : null;
  });
  return Date.now() - left;
}

describe('coordinator routes: a caller who hangs up cancels the database call (issue 12)', function () {
  this.timeout(30_000);
  let c: TestCoordinator;
  let admin: pg.Client;
  let blocker: pg.Client;

  before(function () {
    if (!process.env.DATABASE_URL) this.skip();
  });
  beforeEach(async () => {
    c = await startTestCoordinator({ DB_STATEMENT_TIMEOUT_MS: 20_000 });
    admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
    blocker = new pg.Client({ connectionString: process.env.DATABASE_URL, options: `-c search_path=${c.db.schema}` });
    await admin.connect();
    await blocker.connect();
  });
  afterEach(async () => {
    await blocker?.query('ROLLBACK').catch(() => undefined);
    await blocker?.end();
    await admin?.end();
    await c?.close();
  });

  it('GET /v1/requests stuck behind a table lock: the statement is gone within a second of the hang-up', async () => {
    const rec = await c.service.record(sampleRequest(1));
    await blocker.query('BEGIN');
    await blocker.query('LOCK TABLE requests IN ACCESS EXCLUSIVE MODE');
    const ms = await hangUpWhileBlocked(c, admin, { method: 'GET', path: '/v1/requests', token: c.adminToken }, 'FROM requests');
    assert.ok(ms <= 1_000, `gone after ${ms} ms`);
    await blocker.query('ROLLBACK');
    const list = await c.admin.listRequests({});
    assert.deepEqual(
      list.map((r) => r.id),
      [rec.record.id],
      'the request is still there',
    );
  });

  it('a job heartbeat stuck behind a row lock is cancelled; the lease it held is kept and the next heartbeat succeeds', async () => {
    await c.service.record(sampleRequest(2));
    const reg = await c.admin.registerWorker({});
    const w = { client: c.admin.withToken(reg.token), token: reg.token };
    const claim = (await w.client.claim())!;
    const job = claim.jobs[0]!;
    const before = await c.admin.requestJobs(claim.request.id);
    await blocker.query('BEGIN');
    await blocker.query('SELECT 1 FROM jobs WHERE id = $1::uuid FOR UPDATE', [job.id]);
    const ms = await hangUpWhileBlocked(c, admin, { method: 'POST', path: `/v1/jobs/${job.id}/heartbeat`, token: w.token }, 'UPDATE jobs SET lease_until');
    assert.ok(ms <= 1_000, `gone after ${ms} ms`);
    await blocker.query('ROLLBACK');
    const after = await c.admin.requestJobs(claim.request.id);
    assert.deepEqual(after, before, 'the cancelled heartbeat changed nothing');
    assert.ok((await w.client.heartbeatJob(job.id)).leaseUntil, 'the worker still holds its lease');
  });

  it('a claim of one request cancelled mid-statement rolls back: the request stays queued and is claimed next', async () => {
    const rec = await c.service.record(sampleRequest(3));
    const reg = await c.admin.registerWorker({});
    await blocker.query('BEGIN');
    await blocker.query('LOCK TABLE jobs IN EXCLUSIVE MODE'); // the claim leases jobs: it waits here
    const body = { requestId: rec.record.id };
    const ms = await hangUpWhileBlocked(c, admin, { method: 'POST', path: '/v1/claims', token: reg.token, body }, 'FOR UPDATE SKIP LOCKED');
    assert.ok(ms <= 1_000, `gone after ${ms} ms`);
    await blocker.query('ROLLBACK');
    const now = await c.admin.getRequest(rec.record.id);
    assert.equal(now.status, 'queued', 'the cancelled claim took nothing');
    assert.equal(now.claimedBy, null);
    const again = await c.admin.withToken(reg.token).claim(rec.record.id);
    assert.equal(again?.request.id, rec.record.id, 'the request is claimable again');
  });
});
