/**
 * The watcher reads the final head once per poll and does not fetch that same block again by
 * height: on a fast chain most polls find exactly one new block, so this saves a call per block.
 * Events in the head block are still delivered.
 */
import assert from 'node:assert/strict';
import { JsonRpcProvider } from '@near-js/providers';
import { NearChainWatcher } from '../../../contracts/near/client/index.ts';
import type { ChainEvent } from '../../../common/ports/index.ts';
import { request, startEnv, type Env } from './setup.ts';

/** Counts `block` calls by height that ask again for the final head the same poll just read. */
class HeadRefetchCounter extends JsonRpcProvider {
  private finalHeight = -1;
  refetches = 0;
  byHeight = 0;

  override async sendJsonRpc<T>(method: string, params: Record<string, unknown>): Promise<T> {
    if (method === 'block' && params['block_id'] !== undefined) {
      this.byHeight++;
      if (params['block_id'] === this.finalHeight) this.refetches++;
    }
    const result = await super.sendJsonRpc<T>(method, params);
    if (method === 'block' && params['finality'] === 'final') this.finalHeight = (result as { header: { height: number } }).header.height;
    return result;
  }
}

describe('near watcher: the final head is read once per poll', function () {
  this.timeout(60_000);
  let env: Env;
  afterEach(async () => env?.near.close());

  it('never fetches the head block again by height, and delivers the events in it', async () => {
    env = await startEnv();
    const provider = new HeadRefetchCounter({ url: env.near.rpcUrl });
    const watcher = new NearChainWatcher({ contractId: env.contractId, provider });
    let cursor: string | null = (await watcher.poll(null)).cursor;
    const id = await request(env);
    const events: ChainEvent[] = [];
    for (let i = 0; i < 100 && !events.some((e) => e.kind === 'execution_requested'); i++) {
      env.near.produceBlock();
      const batch = await watcher.poll(cursor);
      events.push(...batch.events);
      cursor = batch.cursor;
    }
    assert.deepEqual(
      events.filter((e) => e.kind === 'execution_requested').map((e) => e.kind === 'execution_requested' && e.request.requestId),
      [id],
    );
    assert.equal(provider.refetches, 0, 'the head block was never fetched twice in one poll');
  });
});
