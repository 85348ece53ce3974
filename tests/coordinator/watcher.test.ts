import assert from 'node:assert/strict';
import { FakeChainWatcher } from '../../coordinator/testing/FakeChainWatcher.ts';
import { WatcherRunner } from '../../coordinator/watcher/WatcherRunner.ts';
import { readCursor } from '../../coordinator/watcher/cursors.ts';
import { createLogger } from '../../common/logger.ts';
import { coordinatorPerTest, startTestCoordinator, type TestCoordinator } from './helpers/testCoordinator.ts';
import { sampleRequest } from './helpers/fixtures.ts';

const log = createLogger({ service: 'test' });

describe('coordinator watcher runner (FakeChainWatcher)', () => {
  let c!: TestCoordinator;
  coordinatorPerTest((started) => (c = started));

  it('duplicate event delivery records one request; the cursor advances only after recording', async () => {
    const fake = new FakeChainWatcher(10);
    const runner = new WatcherRunner({ name: 'near:errand.test', watcher: fake, service: c.service, log, allowFileSources: true });
    fake.push(
      { kind: 'execution_requested', request: sampleRequest(1), blockHeight: 101 },
      { kind: 'execution_requested', request: sampleRequest(1), blockHeight: 101 },
      { kind: 'execution_requested', request: sampleRequest(2), blockHeight: 102 },
    );
    const t1 = await runner.tick();
    assert.deepEqual(t1, { events: 3, recorded: 2, completed: 0, invalid: 0, rejected: 0 });
    assert.equal(await readCursor(c.db, 'near:errand.test'), '3');

    fake.redeliver = 3; // at-least-once: the whole batch again
    const t2 = await runner.tick();
    assert.equal(t2.recorded, 0);
    const { rows } = await c.db.query<{ n: number }>('SELECT count(*)::int AS n FROM requests');
    assert.equal(rows[0]!.n, 2);

    // A failed poll stores nothing: the next tick resumes from the same cursor.
    fake.push({ kind: 'execution_requested', request: sampleRequest(3), blockHeight: 103 });
    fake.failNextPolls(1);
    await assert.rejects(runner.tick());
    assert.equal(await readCursor(c.db, 'near:errand.test'), '3');
    await runner.tick();
    assert.equal(fake.polledFrom.at(-1), '3');
    assert.equal(await readCursor(c.db, 'near:errand.test'), '4');
  });

  it('a recorded request wakes a long-polling worker; execution_completed marks requests; bad events are skipped', async () => {
    const fake = new FakeChainWatcher();
    const runner = new WatcherRunner({ name: 'near', watcher: fake, service: c.service, log, allowFileSources: true });
    const polled = c.service.poll('w1', 5_000);
    fake.push({ kind: 'execution_requested', request: sampleRequest(7), blockHeight: 107 });
    await runner.tick();
    const claim = await polled;
    assert.equal(claim?.request.requestId, '7');

    fake.push(
      { kind: 'execution_requested', request: { ...sampleRequest(8), deposit: 'lots' }, blockHeight: 108 },
      { kind: 'execution_requested', request: sampleRequest(9), blockHeight: 109 },
      { kind: 'execution_completed', ref: { chain: 'near', contractId: 'errand.test', requestId: '9' }, success: false, blockHeight: 110 },
      { kind: 'execution_completed', ref: { chain: 'near', contractId: 'errand.test', requestId: '7' }, success: true, blockHeight: 110 },
    );
    const t = await runner.tick();
    assert.deepEqual(t, { events: 4, recorded: 1, completed: 2, invalid: 1, rejected: 1 });
    const r9 = (await c.admin.listRequests({ status: 'resolved' })).map((r) => r.requestId);
    assert.deepEqual(r9, ['9'], 'a queued request resolved elsewhere is not handed out');
    const r7 = await c.admin.getRequest(claim!.request.id);
    assert.equal(r7.status, 'claimed', 'a running request keeps its status');
    assert.ok(r7.chainResolvedAt);
    assert.equal(await c.service.claim('w2'), null);
  });

  it('the coordinator runs injected watchers in the background', async () => {
    const fake = new FakeChainWatcher();
    fake.push({ kind: 'execution_requested', request: sampleRequest(11), blockHeight: 111 });
    const c2 = await startTestCoordinator({ WATCH_INTERVAL_MS: 20 }, { watchers: [{ name: 'near', watcher: fake }] });
    try {
      const claim = await c2.service.poll('w', 5_000);
      assert.equal(claim?.request.requestId, '11');
    } finally {
      await c2.close();
    }
  });
});
