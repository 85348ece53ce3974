import assert from 'node:assert/strict';
import { coordinatorPerTest, type TestCoordinator } from './helpers/testCoordinator.ts';

describe('coordinator HTTP metrics', () => {
  let c!: TestCoordinator;
  coordinatorPerTest((started) => (c = started), {}, {}, 'suite');

  it('errand_http_requests_total counts answers by method, route pattern and status, up to the scrape', async () => {
    const { client } = await c.worker('w-metrics');
    for (let i = 0; i < 3; i++) await client.claim();
    await assert.rejects(client.heartbeatJob('00000000-0000-0000-0000-000000000000'));
    const scrape = async () => (await (await fetch(`${c.url}/metrics`)).text()).split('\n');
    const lines = await scrape();
    const line = (route: string, status: number) =>
      lines.find((l) => l.startsWith('errand_http_requests_total{') && l.includes(`route="${route}"`) && l.includes(`status="${status}"`));
    assert.match(line('/v1/claims', 200) ?? '', / 3$/);
    assert.ok(
      lines.some((l) => l.startsWith('errand_http_requests_total{') && l.includes('status="404"') && l.endsWith(' 1')),
      'errors are counted too',
    );
    await client.claim();
    const again = (await scrape()).find((l) => l.startsWith('errand_http_requests_total{') && l.includes('route="/v1/claims"') && l.includes('status="200"'));
    assert.match(again ?? '', / 4$/, 'later answers add to the same series');
  });
});
