/**
 * Root hooks for every test file: a test that leaves open a pool, server, worker thread or queue it
 * opened fails, naming what it leaked; resources a suite opens in `before` must be closed by its
 * `after`, which is checked once all suites have run (see common/testing/leaks.ts).
 */
import { forget, openResourceIds, openedSince } from '../../common/testing/leaks.ts';

process.env.NODE_ENV ??= 'test';

let openAtTestStart = new Set<number>();
const atRunStart = openResourceIds();

export const mochaHooks = {
  beforeEach(): void {
    openAtTestStart = openResourceIds();
  },
  afterEach(): void {
    const leaked = openedSince(openAtTestStart);
    if (leaked.length === 0) return;
    forget(openAtTestStart);
    throw new Error(`test leaked ${leaked.length} resource(s): ${leaked.join(', ')}`);
  },
  afterAll(): void {
    const leaked = openedSince(atRunStart);
    if (leaked.length === 0) return;
    forget('all');
    throw new Error(`suites left ${leaked.length} shared resource(s) open: ${leaked.join(', ')}`);
  },
};
