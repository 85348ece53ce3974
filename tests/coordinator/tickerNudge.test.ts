/**
 * Ticker.nudge: a watcher's subscription asks for the next tick now instead of at the interval;
 * a nudge during a tick runs the next one right after it, and never two at once.
 */
import assert from 'node:assert/strict';
import { createLogger } from '../../common/logger.ts';
import { Ticker } from '../../coordinator/service/Ticker.ts';

const log = createLogger({ service: 'ticker-test' });
log.level = 'silent';

describe('Ticker.nudge', () => {
  it('runs the next tick at once, not after the interval', async () => {
    let ticks = 0;
    const ticker = new Ticker('t', 60_000, async () => void ticks++, log).start();
    try {
      await new Promise((r) => setTimeout(r, 50));
      assert.equal(ticks, 1);
      ticker.nudge();
      await new Promise((r) => setTimeout(r, 50));
      assert.equal(ticks, 2);
    } finally {
      await ticker.stop();
    }
  });

  it('a nudge during a tick runs one more right after it; ticks never overlap', async () => {
    let ticks = 0;
    let running = 0;
    let release: (() => void) | undefined;
    const ticker = new Ticker(
      't',
      60_000,
      async () => {
        ticks++;
        running++;
        assert.equal(running, 1, 'ticks overlapped');
        if (ticks === 1) await new Promise<void>((r) => (release = r));
        running--;
      },
      log,
    ).start();
    try {
      await new Promise((r) => setTimeout(r, 30));
      assert.equal(ticks, 1);
      ticker.nudge();
      ticker.nudge();
      release!();
      await new Promise((r) => setTimeout(r, 50));
      assert.equal(ticks, 2);
    } finally {
      await ticker.stop();
    }
  });
});
