/**
 * The claim statement under real concurrency. N claimers, each on its own Postgres connection
 * (a pool of one), wait behind one deferred promise and then claim all at once, again and again
 * until the queue is empty for them: no request may be claimed twice, none may be left behind.
 * Meanwhile another transaction holds the oldest queued request locked (as a claim, sweep or
 * failure in flight does): a claimer must pass over it, not wait for it. Without SKIP LOCKED every
 * claimer queues behind that lock (Postgres re-checks a row it waited for and takes the next one,
 * so nothing is claimed twice, but no claim goes on while any row it meets is locked): the claimers'
 * lock_timeout then fails the test.
 *
 * The last test runs the same load through CoordinatorService, where claims coalesce into shared
 * statements (ClaimBatcher) and every job is completed: it checks the whole path, not the race.
 */
import assert from 'node:assert/strict';
import { systemClock } from '../../common/clock/index.ts';
import type { Db } from '../../coordinator/db/Db.ts';
import { openPgDb } from '../../coordinator/db/pgDb.ts';
import { claimNext } from '../../coordinator/jobs/claimStatement.ts';
import type { Claim } from '../../coordinator/jobs/Claim.ts';
import { recordRequest } from '../../coordinator/ledger/requestsRepo.ts';
import { coordinatorPerTest, type TestCoordinator } from './helpers/testCoordinator.ts';
import { openTestDb } from './helpers/testDb.ts';
import { requirePostgres } from './helpers/requirePostgres.ts';
import { okResponse, sampleRequest, sha256, wasmModule } from './helpers/fixtures.ts';

const CLAIMERS = 16;
const REQUESTS = 200;
const LEASE_MS = 60_000;

describe('coordinator claim race', () => {
  describe(`${CLAIMERS} claimers on ${CLAIMERS} Postgres connections`, () => {
    let url: string;
    let db: Db | undefined;
    const conns: Db[] = [];
    before(function () {
      url = requirePostgres(this, 'concurrent claims need concurrent connections');
    });
    afterEach(async () => {
      await Promise.all(conns.splice(0).map((c) => c.close()));
      await db?.close();
      db = undefined;
    });

    it('claim at once: every request claimed exactly once, none left queued', async () => {
      db = await openTestDb();
      for (let i = 0; i < REQUESTS; i++) await recordRequest(db, sampleRequest(i));
      for (let i = 0; i < CLAIMERS; i++) conns.push(await openPgDb({ url, schema: db.schema, poolSize: 1, applicationName: 'errand-race-test' }));
      // Each connection is open and idle before the start, so the claims reach Postgres together.
      // lock_timeout: a claim that waits on a row lock fails instead of hanging the test.
      await Promise.all(conns.map((c) => c.query(`SET lock_timeout = '3s'`)));

      // The oldest queued request is held by a transaction that stays open until the claimers end.
      const holderDb = await openPgDb({ url, schema: db.schema, poolSize: 1 });
      conns.push(holderDb);
      let endHold!: () => void;
      const hold = new Promise<void>((r) => (endHold = r));
      let heldId!: (id: string) => void;
      const held = new Promise<string>((r) => (heldId = r));
      const holder = holderDb.transaction(async (tx) => {
        const { rows } = await tx.query<{ id: string }>(
          `SELECT id::text AS id FROM requests WHERE status = 'queued' ORDER BY created_at, id LIMIT 1 FOR UPDATE`,
        );
        heldId(rows[0]!.id);
        await hold;
      });
      const heldRequest = await held;

      let start!: () => void;
      const gate = new Promise<void>((r) => (start = r));
      const claimer = async (conn: Db, worker: string): Promise<Claim[]> => {
        await gate;
        const mine: Claim[] = [];
        for (let claim = await claimNext(conn, systemClock, worker, LEASE_MS); claim; claim = await claimNext(conn, systemClock, worker, LEASE_MS)) {
          mine.push(claim);
        }
        return mine;
      };
      const running = conns.filter((c) => c !== holderDb).map((conn, i) => claimer(conn, `w${i}`));
      start();
      const perClaimer = await Promise.all(running).finally(endHold);
      await holder;
      assert.ok(!perClaimer.flat().some((c) => c.request.id === heldRequest), 'the locked request was passed over');
      // Released, the held request is the one left: the next claim gets it.
      const last = await claimNext(conns[0]!, systemClock, 'w0', LEASE_MS);
      assert.equal(last?.request.id, heldRequest);
      perClaimer[0]!.push(last!);

      const byRequest = new Map<string, string[]>();
      perClaimer.forEach((claims, i) => {
        for (const c of claims) byRequest.set(c.request.id, [...(byRequest.get(c.request.id) ?? []), `w${i}`]);
      });
      const twice = [...byRequest].filter(([, ws]) => ws.length > 1);
      assert.deepEqual(twice, [], 'no request claimed by two claimers');
      const { rows: left } = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM requests WHERE status = 'queued'`);
      assert.equal(left[0]!.n, 0, 'no request left queued while every claimer found nothing');
      assert.equal(byRequest.size, REQUESTS, 'every request claimed');
      assert.ok(perClaimer.filter((c) => c.length > 0).length > 1, 'the claims were spread over several claimers');
      // What the database says agrees: each request's jobs are leased to the one worker that got it.
      const { rows } = await db.query<{ id: string; claimed_by: string; owners: string[] }>(
        `SELECT r.id::text AS id, r.claimed_by, array_agg(DISTINCT j.locked_by) AS owners FROM requests r JOIN jobs j ON j.request_id = r.id GROUP BY r.id, r.claimed_by`,
      );
      assert.equal(rows.length, REQUESTS);
      for (const r of rows) assert.deepEqual([r.claimed_by, r.owners], [byRequest.get(r.id)![0], [byRequest.get(r.id)![0]]]);
    });
  });

  describe('through CoordinatorService (coalesced claim statements)', () => {
    let c!: TestCoordinator;
    coordinatorPerTest((started) => (c = started));

    it(`${CLAIMERS} service-level claimers over ${REQUESTS} requests: every (request, job) exactly once, all done, queue empty`, async () => {
      const mod = wasmModule('race');
      const modSha = sha256(mod);
      await c.service.cache.upload(modSha, mod);
      // Half the requests share one source (cached after its first compile), half are unique.
      for (let i = 0; i < REQUESTS; i++) {
        await c.service.record(sampleRequest(i, i % 2 === 0 ? { source: { ...sampleRequest(0).source } } : {}));
      }
      const claimed: Array<{ worker: string; claim: Claim }> = [];
      let release!: () => void;
      const gate = new Promise<void>((r) => (release = r));
      const claimer = async (w: string): Promise<void> => {
        await gate;
        for (;;) {
          const claim = await c.service.claim(w);
          if (!claim) return;
          claimed.push({ worker: w, claim });
          for (const job of claim.jobs) {
            if (job.type === 'compile') await c.service.completeCompile(job.id, w, { wasmSha256: modSha });
            else await c.service.completeExecute(job.id, w, { response: okResponse });
          }
        }
      };
      const running = Array.from({ length: CLAIMERS }, (_, i) => claimer(`w${i}`));
      release();
      await Promise.all(running);

      const perRequest = new Map<string, number>();
      const jobIds = new Set<string>();
      for (const { claim } of claimed) {
        perRequest.set(claim.request.id, (perRequest.get(claim.request.id) ?? 0) + 1);
        for (const j of claim.jobs) {
          assert.ok(!jobIds.has(j.id), `job ${j.id} handed out twice`);
          jobIds.add(j.id);
        }
      }
      assert.equal(perRequest.size, REQUESTS, 'every request claimed');
      assert.ok(
        [...perRequest.values()].every((n) => n === 1),
        'no request claimed twice',
      );
      const { rows: jobs } = await c.db.query<{ request_id: string; type: string; n: number }>(
        `SELECT request_id::text, type, count(*)::int AS n FROM jobs GROUP BY 1, 2`,
      );
      assert.ok(jobs.every((j) => j.n === 1));
      assert.equal(jobs.filter((j) => j.type === 'execute').length, REQUESTS);
      const { rows } = await c.db.query<{ status: string; n: number }>(`SELECT status, count(*)::int AS n FROM requests GROUP BY status`);
      assert.deepEqual(rows, [{ status: 'done', n: REQUESTS }]);
      const { rows: notDone } = await c.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM jobs WHERE status <> 'done'`);
      assert.equal(notDone[0]!.n, 0);
      assert.equal(await c.service.claim('late'), null, 'queue is empty');
      // The shared source compiled at most a few times (before its module was indexed), never per request.
      const sharedCompiles = claimed.filter(({ claim }) => claim.request.requestId.match(/[02468]$/) && claim.jobs.length === 2).length;
      assert.ok(sharedCompiles < REQUESTS / 2, `shared source compiled ${sharedCompiles} times`);
    });
  });
});
