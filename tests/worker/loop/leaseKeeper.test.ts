import assert from 'node:assert/strict';
import { LeaseKeeper } from '../../../worker/loop/LeaseKeeper.ts';
import type { CoordinatorPort } from '../../../worker/loop/CoordinatorPort.ts';
import { ErrandError } from '../../../common/errors/index.ts';
import { createLogger } from '../../../common/logger.ts';

const log = createLogger({ service: 'test' });
log.level = 'silent';

/** A coordinator port whose heartbeat answers as told; nothing else is called. */
function port(heartbeat: () => Promise<void>): CoordinatorPort {
  return { heartbeat } as unknown as CoordinatorPort;
}

describe('worker LeaseKeeper', () => {
  it('its signal follows the parent (the loop stopping) until stop(), then no longer', () => {
    const parent = new AbortController();
    const keeper = new LeaseKeeper(
      port(async () => undefined),
      60_000,
      log,
      { parent: parent.signal },
    );
    const reason = new Error('stopping');
    parent.abort(reason);
    assert.equal(keeper.signal.aborted, true);
    assert.equal(keeper.signal.reason, reason);
    keeper.stop();

    const parent2 = new AbortController();
    const keeper2 = new LeaseKeeper(
      port(async () => undefined),
      60_000,
      log,
      { parent: parent2.signal },
    );
    keeper2.stop();
    parent2.abort();
    assert.equal(keeper2.signal.aborted, false, 'a stopped keeper no longer listens to its parent');
  });

  it('an already aborted parent aborts the keeper at once', () => {
    const keeper = new LeaseKeeper(
      port(async () => undefined),
      60_000,
      log,
      { parent: AbortSignal.abort() },
    );
    assert.equal(keeper.signal.aborted, true);
    keeper.stop();
  });

  it('a heartbeat refused with LEASE_LOST aborts the signal; other failures do not', async () => {
    let answer: () => Promise<void> = async () => {
      throw new ErrandError('COMMON__UNAVAILABLE', 'down', { service: 'coordinator' });
    };
    const keeper = new LeaseKeeper(
      port(() => answer()),
      20,
      log,
      { parent: new AbortController().signal },
    );
    keeper.hold('job-1');
    await new Promise((r) => setTimeout(r, 70));
    assert.equal(keeper.signal.aborted, false, 'a missed heartbeat is not fatal');
    answer = async () => {
      throw new ErrandError('COORDINATOR__LEASE_LOST', 'taken over', { jobId: 'job-1', workerId: 'w' });
    };
    await new Promise((r) => setTimeout(r, 70));
    assert.equal(keeper.signal.aborted, true);
    keeper.stop();
  });
});
