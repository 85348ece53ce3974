import assert from 'node:assert/strict';
import { isErrandError } from '../../common/errors/index.ts';
import { coordinatorPerTest, type TestCoordinator } from './helpers/testCoordinator.ts';
import { commitOf, okResponse, sampleRequest, sha256, wasmModule } from './helpers/fixtures.ts';

describe('coordinator request lifecycle (service layer)', () => {
  let c!: TestCoordinator;
  coordinatorPerTest((started) => (c = started));

  it('records idempotently on (chain, contract, request id)', async () => {
    const first = await c.service.record(sampleRequest(1));
    const again = await c.service.record(sampleRequest(1, { input: 'different' }));
    assert.equal(first.created, true);
    assert.equal(again.created, false);
    assert.equal(again.record.id, first.record.id);
    assert.equal(again.record.input, 'input-1', 'the first delivery wins');
    const other = await c.service.record(sampleRequest(1, { contractId: 'other.test' }));
    assert.equal(other.created, true);
    const { rows } = await c.db.query<{ n: number }>('SELECT count(*)::int AS n FROM requests');
    assert.equal(rows[0]!.n, 2);
  });

  it('uncached source: [compile, execute]; once two independent builds agree the same source claims [execute] with the module', async () => {
    const mod = wasmModule('a');
    await c.service.record(sampleRequest(1));
    const claim = await c.service.claim('w1');
    assert.ok(claim);
    assert.deepEqual(
      claim.jobs.map((j) => j.type),
      ['compile', 'execute'],
    );
    assert.equal(claim.wasmSha256, null);
    assert.equal(await c.service.claim('w2'), null, 'nothing else queued');

    await c.service.cache.upload(sha256(mod), mod);
    const compileJob = claim.jobs[0]!.id;
    const executeJob = claim.jobs[1]!.id;
    await assert.rejects(c.service.completeExecute(executeJob, 'w1', { response: okResponse }), (e) => isErrandError(e, 'COORDINATOR__JOB_STATE_INVALID'));
    const { sourceKey, trusted } = await c.service.completeCompile(compileJob, 'w1', { wasmSha256: sha256(mod) });
    assert.match(sourceKey!, new RegExp(commitOf(1)));
    assert.equal(trusted, false, "one build is one worker's word");
    await c.service.completeExecute(executeJob, 'w1', { response: okResponse, resolveTx: 'tx1' });
    const done = await c.admin.getRequest(claim.request.id);
    assert.equal(done.status, 'done');
    assert.deepEqual(done.response, okResponse);
    assert.equal(done.resolveTx, 'tx1');

    // Another request for the same pinned source: w1's build is not shared; w2 builds it again.
    await c.service.record(sampleRequest(2, { source: { ...sampleRequest(1).source } }));
    const second = (await c.service.claim('w2'))!;
    assert.deepEqual(
      second.jobs.map((j) => j.type),
      ['compile', 'execute'],
    );
    assert.equal((await c.service.completeCompile(second.jobs[0]!.id, 'w2', { wasmSha256: sha256(mod) })).trusted, true, 'two builders agree');

    // From now on the module is cached for everyone.
    await c.service.record(sampleRequest(5, { source: { ...sampleRequest(1).source } }));
    const third = await c.service.claim('w3');
    assert.deepEqual(
      third!.jobs.map((j) => j.type),
      ['execute'],
    );
    assert.equal(third!.wasmSha256, sha256(mod));
  });

  it('a branch source always gets a compile job and must report the pinned commit', async () => {
    const mod = wasmModule('b');
    await c.service.cache.upload(sha256(mod), mod);
    await c.service.record(sampleRequest(3, { source: { kind: 'git', repo: 'file:///r', commit: 'main', target: 'wasm32-wasip1' } }));
    const claim = (await c.service.claim('w1'))!;
    assert.deepEqual(
      claim.jobs.map((j) => j.type),
      ['compile', 'execute'],
    );
    assert.equal(claim.request.sourceKey, null, 'a branch name is never a cache key');
    await assert.rejects(c.service.completeCompile(claim.jobs[0]!.id, 'w1', { wasmSha256: sha256(mod) }), (e) =>
      isErrandError(e, 'COORDINATOR__JOB_STATE_INVALID'),
    );
    const pinned = commitOf(99);
    const out = await c.service.completeCompile(claim.jobs[0]!.id, 'w1', { wasmSha256: sha256(mod), pinnedCommit: pinned });
    assert.equal(out.sourceKey, `git:file:///r#${pinned}::wasm32-wasip1`);
    const rec = await c.admin.getRequest(claim.request.id);
    assert.equal(rec.pinnedCommit, pinned);
    assert.deepEqual(await c.service.cache.bySource(out.sourceKey!, 'w1'), { sha256: sha256(mod), bytes: mod.length, trusted: false });
    await assert.rejects(c.service.cache.bySource(out.sourceKey!, 'w2'), (e) => isErrandError(e, 'COORDINATOR__WASM_NOT_FOUND'));
  });

  it('claiming a specific request twice: the second claimer gets 409', async () => {
    const { record } = await c.service.record(sampleRequest(4));
    const a = await c.service.claim('w1', record.id);
    assert.equal(a!.request.id, record.id);
    await assert.rejects(c.service.claim('w2', record.id), (e) => isErrandError(e, 'COORDINATOR__REQUEST_NOT_CLAIMABLE'));
  });
});
