import assert from 'node:assert/strict';
import { FakeChainWatcher } from '../../coordinator/testing/FakeChainWatcher.ts';
import { WatcherRunner } from '../../coordinator/watcher/WatcherRunner.ts';
import { readCursor } from '../../coordinator/watcher/cursors.ts';
import { listEvents } from '../../coordinator/ledger/events.ts';
import { findByRef } from '../../coordinator/ledger/requestsRepo.ts';
import { createLogger } from '../../common/logger.ts';
import { coordinatorPerTest, type TestCoordinator } from './helpers/testCoordinator.ts';
import { sampleRequest } from './helpers/fixtures.ts';

const log = createLogger({ service: 'test' });
const ref = (i: number) => ({ chain: 'near' as const, contractId: 'errand.test', requestId: String(i) });

describe('coordinator watcher: one statement per poll (chainBatch)', () => {
  let c!: TestCoordinator;
  coordinatorPerTest((started) => (c = started));

  it('a batch of requests keeps its chain order in the queue, with one recorded event each', async () => {
    const fake = new FakeChainWatcher();
    const runner = new WatcherRunner({ name: 'near', watcher: fake, service: c.service, log, allowFileSources: true });
    const ids = [5, 3, 9, 1, 7, 2];
    fake.push(...ids.map((i) => ({ kind: 'execution_requested' as const, request: sampleRequest(i), blockHeight: 100 + i })));
    assert.deepEqual(await runner.tick(), { events: 6, recorded: 6, completed: 0, invalid: 0, rejected: 0 });
    const claimed: string[] = [];
    for (;;) {
      const claim = await c.service.claim('w1');
      if (!claim) break;
      claimed.push(claim.request.requestId);
    }
    assert.deepEqual(claimed, ids.map(String), 'claims follow the chain order of one batch');
    const first = await findByRef(c.db, ref(5));
    const [recorded] = await listEvents(c.db, first!.id);
    assert.deepEqual([recorded?.kind, recorded?.data], ['recorded', { blockHeight: 105 }]);
    assert.equal(await readCursor(c.db, 'near'), '6');
  });

  it('a request resolved within the batch that records it is resolved; completions of older requests count once each', async () => {
    const fake = new FakeChainWatcher();
    const runner = new WatcherRunner({ name: 'near', watcher: fake, service: c.service, log, allowFileSources: true });
    fake.push({ kind: 'execution_requested', request: sampleRequest(1), blockHeight: 101 });
    await runner.tick();
    fake.push(
      { kind: 'execution_requested', request: sampleRequest(2), blockHeight: 102 },
      { kind: 'execution_completed', ref: ref(1), success: true, blockHeight: 103 },
      { kind: 'execution_completed', ref: ref(2), success: false, blockHeight: 103 },
      { kind: 'execution_completed', ref: ref(99), success: true, blockHeight: 103 },
    );
    assert.deepEqual(await runner.tick(), { events: 4, recorded: 1, completed: 2, invalid: 0, rejected: 0 });
    for (const i of [1, 2]) {
      const r = await findByRef(c.db, ref(i));
      assert.equal(r?.status, 'resolved', `request ${i} resolved on-chain is not handed out`);
      assert.ok(r?.chainResolvedAt);
      const kinds = (await listEvents(c.db, r!.id)).map((e) => e.kind);
      assert.deepEqual(kinds, ['recorded', 'chain_completed']);
    }
    assert.equal(await readCursor(c.db, 'near'), '5');
    assert.equal(await c.service.claim('w1'), null);
  });

  it('a redelivered batch records nothing and wakes nobody; polls without events do not write the cursor each time', async () => {
    const fake = new FakeChainWatcher();
    const runner = new WatcherRunner({ name: 'near', watcher: fake, service: c.service, log, allowFileSources: true });
    fake.push({ kind: 'execution_requested', request: sampleRequest(1), blockHeight: 101 });
    await runner.tick();
    fake.redeliver = 1;
    const waiter = c.service.bus.waiter('queue');
    assert.deepEqual(await runner.tick(), { events: 1, recorded: 0, completed: 0, invalid: 0, rejected: 0 });
    assert.equal(await waiter.wait(50), false, 'no wake-up for a batch with nothing new');
    await c.db.query(`UPDATE chain_cursors SET cursor = 'x' WHERE chain = 'near'`);
    await runner.tick(); // nothing new: the stored cursor is left alone
    assert.equal(await readCursor(c.db, 'near'), 'x');
  });
});
