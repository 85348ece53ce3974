/**
 * Root hooks for every test file: a test that leaves a pool, server, worker thread or queue open
 * fails, naming what it leaked (see common/testing/leaks.ts).
 */
import { forgetAllResources, openResources } from '../../common/testing/leaks.ts';

process.env.NODE_ENV ??= 'test';

export const mochaHooks = {
  afterEach(this: Mocha.Context): void {
    const leaked = openResources();
    if (leaked.length === 0) return;
    forgetAllResources();
    throw new Error(`test leaked ${leaked.length} resource(s): ${leaked.join(', ')}`);
  },
};
