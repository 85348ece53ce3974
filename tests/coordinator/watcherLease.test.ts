/**
 * One watcher per chain across coordinators: the lease is held by one, taken over only after it
 * expires, and a deposed leader's batch (requests, completions, cursor) is fenced out, so the new
 * leader's cursor is never moved by the old one. Two runners on one schema stand for two
 * coordinators; the handover across processes (SIGKILL) is in tests/scale/threeCoordinators.test.ts.
 */
import assert from 'node:assert/strict';
import { FakeChainWatcher } from '../../coordinator/testing/FakeChainWatcher.ts';
import { WatcherRunner } from '../../coordinator/watcher/WatcherRunner.ts';
import { WatcherLease } from '../../coordinator/watcher/WatcherLease.ts';
import { readCursor } from '../../coordinator/watcher/cursors.ts';
import { createLogger } from '../../common/logger.ts';
import { startTestCoordinator, type TestCoordinator } from './helpers/testCoordinator.ts';
import { sampleRequest } from './helpers/fixtures.ts';

const log = createLogger({ service: 'test' });
log.level = 'silent';
const NAME = 'near:errand.test';
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe('watcher leadership (lease row, fenced writes)', () => {
  let c: TestCoordinator;
  beforeEach(async () => {
    c = await startTestCoordinator();
  });
  afterEach(async () => c.close());

  it('one holder at a time; the other takes over only after expiry, with a new epoch', async () => {
    const a = new WatcherLease(c.db, NAME, 'A', 400);
    const b = new WatcherLease(c.db, NAME, 'B', 400);
    const fa = await a.acquire();
    assert.equal(fa?.epoch, '1');
    assert.equal(await b.acquire(), null, 'held by A');
    assert.equal((await a.acquire())?.epoch, '1', 'a renewal keeps the epoch');
    await sleep(500);
    const fb = await b.acquire();
    assert.equal(fb?.epoch, '2', 'expired: B takes over');
    assert.equal(await a.acquire(), null, 'A cannot renew what B holds');
    await b.release();
    assert.equal((await a.acquire())?.epoch, '3', 'a clean release hands over at once');
  });

  it("a deposed leader's batch and cursor are not written; the new leader resumes from the stored cursor and misses nothing", async () => {
    const chain = new FakeChainWatcher(2);
    for (let i = 1; i <= 6; i++) chain.push({ kind: 'execution_requested', request: sampleRequest(i), blockHeight: 100 + i });
    const leaseA = new WatcherLease(c.db, NAME, 'A', 300);
    const leaseB = new WatcherLease(c.db, NAME, 'B', 300);
    const runnerA = new WatcherRunner({ name: NAME, watcher: chain, service: c.service, log, allowFileSources: true, lease: leaseA });
    const runnerB = new WatcherRunner({ name: NAME, watcher: chain, service: c.service, log, allowFileSources: true, lease: leaseB });
    await leaseA.acquire();
    await leaseB.acquire();
    assert.equal((await runnerB.tick()).events, 0, 'B does not lead: it does not poll');
    assert.equal((await runnerA.tick()).recorded, 2);
    assert.equal(await readCursor(c.db, NAME), '2');

    // A stalls past its lease; B takes over and records the next batch.
    await sleep(400);
    assert.ok(await leaseB.acquire());
    assert.equal((await runnerB.tick()).recorded, 2);
    assert.equal(await readCursor(c.db, NAME), '4');
    // A wakes up still believing it leads: its write is fenced out, the cursor stays B's.
    assert.ok(leaseA.fence, 'A has not noticed yet');
    const stale = await runnerA.tick();
    assert.equal(stale.recorded, 0);
    assert.equal(leaseA.fence, null, 'A noticed');
    assert.equal(await readCursor(c.db, NAME), '4');
    assert.equal((await runnerB.tick()).recorded, 2);
    const { rows } = await c.db.query<{ request_id: string; n: number }>(
      `SELECT r.request_id, count(e.*)::int AS n FROM requests r JOIN events e ON e.request_id = r.id AND e.kind = 'recorded' GROUP BY r.request_id ORDER BY r.request_id`,
    );
    assert.deepEqual(
      rows,
      ['1', '2', '3', '4', '5', '6'].map((id) => ({ request_id: id, n: 1 })),
      'each request recorded once',
    );
  });

  it('a completion replayed after a handover is recorded once', async () => {
    const chain = new FakeChainWatcher(10);
    chain.push(
      { kind: 'execution_requested', request: sampleRequest(1), blockHeight: 101 },
      { kind: 'execution_completed', ref: { chain: 'near', contractId: 'errand.test', requestId: '1' }, success: true, blockHeight: 102 },
    );
    const runner = new WatcherRunner({ name: NAME, watcher: chain, service: c.service, log, allowFileSources: true });
    assert.equal((await runner.tick()).completed, 1);
    chain.redeliver = 2;
    assert.equal((await runner.tick()).completed, 0);
    const { rows } = await c.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM events WHERE kind = 'chain_completed'`);
    assert.equal(rows[0]!.n, 1);
  });
});
