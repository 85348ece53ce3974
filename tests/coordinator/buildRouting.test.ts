import assert from 'node:assert/strict';
import { isErrandError } from '../../common/errors/index.ts';
import type { BuildTarget, ExecutionRequest } from '../../common/types/index.ts';
import { startTestCoordinator, type TestCoordinator } from './helpers/testCoordinator.ts';
import { commitOf, sampleRequest, sha256, wasmModule, wasmUrlRequest } from './helpers/fixtures.ts';

const P1_ONLY: BuildTarget[] = ['wasm32-wasip1'];
const needingP2 = (i: number) => sampleRequest(i, { source: { kind: 'git', repo: 'file:///repos/component', commit: commitOf(i), target: 'wasm32-wasip2' } });

describe('coordinator routes compile jobs by the targets a worker builds', () => {
  let c: TestCoordinator;
  const recorded = async (req: ExecutionRequest) => (await c.service.record(req)).record;
  beforeEach(async () => {
    c = await startTestCoordinator();
  });
  afterEach(async () => {
    await c.close();
  });

  it('a worker that builds only wasm32-wasip1 is never handed a wasm32-wasip2 build, which waits for one that can', async () => {
    const p2 = await recorded(needingP2(1));
    const p1 = await recorded(sampleRequest(2));
    const first = await c.service.claim('p1-worker', undefined, { buildTargets: P1_ONLY });
    assert.equal(first?.request.id, p1.id, 'the older wasip2 request is skipped, the wasip1 one claimed');
    assert.equal(await c.service.claim('p1-worker', undefined, { buildTargets: P1_ONLY }), null, 'the wasip2 build stays queued');
    assert.equal((await c.admin.getRequest(p2.id)).status, 'queued');
    const second = await c.service.claim('any-worker', undefined, { buildTargets: ['wasm32-wasip1', 'wasm32-wasip2'] });
    assert.equal(second?.request.id, p2.id);
    assert.deepEqual(
      second!.jobs.map((j) => j.type),
      ['compile', 'execute'],
    );
  });

  it('a named claim of a build the worker cannot do is refused with the reason, and the request stays queued', async () => {
    const p2 = await recorded(needingP2(3));
    await assert.rejects(
      c.service.claim('p1-worker', p2.id, { buildTargets: P1_ONLY }),
      (e) => isErrandError(e, 'COORDINATOR__REQUEST_NOT_CLAIMABLE') && /needs a build for wasm32-wasip2/.test(e.message),
    );
    assert.equal((await c.admin.getRequest(p2.id)).status, 'queued');
  });

  it('a request that needs no build (a module URL, or a module in the cache index) goes to any worker', async () => {
    const mod = wasmModule('routing');
    const byUrl = await recorded(wasmUrlRequest(4, sha256(mod)));
    assert.equal((await c.service.claim('p1-worker', undefined, { buildTargets: [] }))?.request.id, byUrl.id);

    // Two builders agree on the wasip2 build: the module is trusted, cached for everyone.
    await c.service.cache.upload(sha256(mod), mod);
    for (const [i, worker] of [
      [5, 'builder-a'],
      [6, 'builder-b'],
    ] as const) {
      await recorded(sampleRequest(i, { source: needingP2(5).source }));
      const claim = (await c.service.claim(worker))!;
      await c.service.completeCompile(claim.jobs[0]!.id, worker, { wasmSha256: sha256(mod) });
    }
    const cached = await recorded(sampleRequest(7, { source: needingP2(5).source }));
    const claim = await c.service.claim('p1-worker', undefined, { buildTargets: P1_ONLY });
    assert.equal(claim?.request.id, cached.id);
    assert.deepEqual(
      claim!.jobs.map((j) => j.type),
      ['execute'],
      'executed from the cache, no build',
    );
  });

  it('over HTTP: the poll and claim bodies carry buildTargets, and an unknown target is a 400', async () => {
    const { client } = await c.worker('http-p1');
    const p2 = await recorded(needingP2(8));
    assert.equal(await client.poll(0, { buildTargets: P1_ONLY }), null);
    assert.equal((await client.claim(undefined, { buildTargets: ['wasm32-wasip2'] }))?.request.id, p2.id);
    await assert.rejects(
      client.claimMany(2, { buildTargets: ['wasm64-unknown' as BuildTarget] }),
      (e) => isErrandError(e, 'COMMON__INVALID_ARGUMENT') && /buildTargets/.test(e.message),
    );
  });

  it('claims of workers with different targets never share a statement', async () => {
    for (let i = 10; i < 14; i++) await recorded(i % 2 ? needingP2(i) : sampleRequest(i));
    const got = await Promise.all([
      c.service.claimMany('p1-worker', 4, { buildTargets: P1_ONLY }),
      c.service.claimMany('p2-worker', 4, { buildTargets: ['wasm32-wasip2'] }),
    ]);
    assert.deepEqual(
      got.map((claims) => claims.map((x) => x.request.source.kind === 'git' && x.request.source.target)),
      [
        ['wasm32-wasip1', 'wasm32-wasip1'],
        ['wasm32-wasip2', 'wasm32-wasip2'],
      ],
    );
  });
});
