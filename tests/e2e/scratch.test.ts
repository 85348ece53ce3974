/**
 * The opt-in scratch /tmp end to end (issue 11): `max_scratch_mb` in the request's limits goes
 * through the real contract, the watcher and the coordinator to the worker, whose run gets an
 * in-memory /tmp; the same program requested without it cannot open /tmp.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { DevStack } from '../../cli/dev/startDevStack.ts';
import { gitRepoWith } from '../worker/loop/helpers.ts';
import { LIMITS, requestAndSettle, startE2eStack, stepLog } from './helpers.ts';

describe('end to end: a scratch /tmp asked for in the request limits', function () {
  this.timeout(240_000);
  let stack: DevStack;
  let repo: string;

  before(async () => {
    stack = await startE2eStack(stepLog());
    repo = gitRepoWith({ 'main.c': readFileSync(fileURLToPath(new URL('fixtures/tmpRoundTrip.c', import.meta.url)), 'utf8') }).url;
  });
  after(async () => {
    await stack?.close();
  });

  it('with max_scratch_mb the program writes and reads /tmp/x; without it opening /tmp fails', async () => {
    const withScratch = await requestAndSettle(stack, repo, 'on chain', { limits: { ...LIMITS, maxScratchMb: 4 } });
    assert.deepEqual(withScratch.response.output, { format: 'text', value: 'read back: on chain' }, withScratch.response.error?.message);
    const view = (await stack.chain.clientFor(stack.chain.userId).view('get_request', { request_id: Number(withScratch.requestId) })) as {
      resource_limits: Record<string, number>;
    };
    assert.equal(view.resource_limits['max_scratch_mb'], 4);

    const without = await requestAndSettle(stack, repo, 'no scratch');
    assert.equal(without.response.success, false);
    assert.equal(without.response.error?.code, 'EXECUTOR__EXIT_NONZERO');
    assert.match(without.response.error!.message, /open failed errno \d+/);
  });
});
