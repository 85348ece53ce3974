import assert from 'node:assert/strict';
import { isErrandError } from '../../common/errors/index.ts';
import type { CoordinatorClient } from '../../coordinator/client/CoordinatorClient.ts';
import type { RegisterWorkerBody } from '../../coordinator/api/index.ts';
import { commitOf, sampleRequest, sha256, wasmModule } from './helpers/fixtures.ts';
import { startTestCoordinator, type TestCoordinator } from './helpers/testCoordinator.ts';

const REPO = 'file:///repos/trust';
const branchSource = { kind: 'git' as const, repo: REPO, commit: 'main', target: 'wasm32-wasip1' as const };
const commitSource = (commit: string) => ({ kind: 'git' as const, repo: REPO, commit, target: 'wasm32-wasip1' as const });
const keyOf = (commit: string) => `git:${REPO}#${commit}::wasm32-wasip1`;

describe('module trust: a build is shared only when reproduced by an independent builder or attested', () => {
  let c: TestCoordinator;
  afterEach(async () => {
    await c?.close();
  });

  const register = async (body: RegisterWorkerBody): Promise<CoordinatorClient> => c.admin.withToken((await c.admin.registerWorker(body)).token);
  const compileWith = async (w: CoordinatorClient, requestId: string, mod: Uint8Array, pinnedCommit?: string) => {
    const claim = (await w.claim(requestId))!;
    assert.deepEqual(
      claim.jobs.map((j) => j.type),
      ['compile', 'execute'],
      'an untrusted source is compiled by its claimer',
    );
    await w.uploadWasm(sha256(mod), mod);
    const done = await w.completeCompile(claim.jobs[0]!.id, { wasmSha256: sha256(mod), ...(pinnedCommit && { pinnedCommit }) });
    return { claim, done };
  };

  it('a poisoned compile (own module, chosen pinnedCommit) is never handed to another worker for another user', async () => {
    c = await startTestCoordinator();
    const rogue = await register({ workerId: 'rogue-1', operator: 'mallory' });
    const rogueTwin = await register({ workerId: 'rogue-2', operator: 'mallory' });
    const honest1 = await register({ workerId: 'honest-1', operator: 'op-a' });
    const honest2 = await register({ workerId: 'honest-2', operator: 'op-b' });
    const evil = wasmModule('evil');
    const good = wasmModule('good');
    const chosen = commitOf(666);

    // Alice's request names a branch; the rogue claims it, uploads its own module and says main = `chosen`.
    const alice = (await c.admin.createRequest(sampleRequest(1, { source: branchSource, senderId: 'alice.test' }))).request;
    const poisoned = await compileWith(rogue, alice.id, evil, chosen);
    assert.equal(poisoned.done.trusted, false);
    // Its twin (same operator) "confirms" it: still one operator's word.
    const bob = (await c.admin.createRequest(sampleRequest(2, { source: commitSource(chosen), senderId: 'bob.test' }))).request;
    assert.equal((await compileWith(rogueTwin, bob.id, evil)).done.trusted, false, 'two workers of one operator are not independent');

    // The rogue hands Alice's request back; an honest worker re-claims it and is made to compile:
    // the branch is resolved again, never taken from the rogue's pin.
    await rogue.failJob(poisoned.claim.jobs[1]!.id, { error: { code: 'COMMON__UNAVAILABLE', message: 'gone' }, retryable: true });
    const again = (await honest1.claim(alice.id))!;
    assert.deepEqual(
      again.jobs.map((j) => j.type),
      ['compile', 'execute'],
    );
    assert.equal(again.wasmSha256, null);
    assert.equal(again.request.sourceKey, null, "the rogue's pin did not become the request's cache key");
    await assert.rejects(honest1.wasmBySource(keyOf(chosen)), (e) => isErrandError(e, 'COORDINATOR__WASM_NOT_FOUND'));

    // Carol asks for the commit the rogue named: nobody is handed the rogue's module.
    const carol = (await c.admin.createRequest(sampleRequest(3, { source: commitSource(chosen), senderId: 'carol.test' }))).request;
    const carolClaim = (await honest2.claim(carol.id))!;
    assert.deepEqual(
      carolClaim.jobs.map((j) => j.type),
      ['compile', 'execute'],
    );
    assert.equal(carolClaim.wasmSha256, null);
    await assert.rejects(honest2.wasmBySource(keyOf(chosen)), (e) => isErrandError(e, 'COORDINATOR__WASM_NOT_FOUND'));

    // Honest builders of the real source agree with each other, not with the rogue.
    await honest2.uploadWasm(sha256(good), good);
    assert.equal((await honest2.completeCompile(carolClaim.jobs[0]!.id, { wasmSha256: sha256(good) })).trusted, false);
    const dave = (await c.admin.createRequest(sampleRequest(4, { source: commitSource(chosen), senderId: 'dave.test' }))).request;
    assert.equal((await compileWith(honest1, dave.id, good)).done.trusted, true, 'two operators built the same bytes');
    const erin = (await c.admin.createRequest(sampleRequest(5, { source: commitSource(chosen), senderId: 'erin.test' }))).request;
    const erinClaim = (await rogue.claim(erin.id))!;
    assert.deepEqual(
      erinClaim.jobs.map((j) => j.type),
      ['execute'],
    );
    assert.equal(erinClaim.wasmSha256, sha256(good), 'the shared module is the reproduced one');
    assert.deepEqual(await rogue.wasmBySource(keyOf(chosen)), { sha256: sha256(good), bytes: good.length, trusted: true });
    assert.ok(
      (await c.admin.requestEvents(carol.id)).some((e) => e.kind === 'build_disagreement'),
      'operators see the disagreement',
    );
  });

  it("an attested builder's build is trusted alone; an unattested one is run only by its builder", async () => {
    c = await startTestCoordinator();
    const attested = await register({ workerId: 'tee-1', operator: 'op-t', attestedBuilder: true });
    const plain = await register({ workerId: 'plain-1', operator: 'op-p' });
    const other = await register({ workerId: 'other-1', operator: 'op-o' });
    const a = wasmModule('attested');
    const p = wasmModule('plain');
    const first = (await c.admin.createRequest(sampleRequest(10, { source: commitSource(commitOf(10)) }))).request;
    assert.equal((await compileWith(attested, first.id, a)).done.trusted, true);
    const second = (await c.admin.createRequest(sampleRequest(11, { source: commitSource(commitOf(11)) }))).request;
    assert.equal((await compileWith(plain, second.id, p)).done.trusted, false);
    assert.deepEqual(await plain.wasmBySource(keyOf(commitOf(11))), { sha256: sha256(p), bytes: p.length, trusted: false }, 'its own build');
    await assert.rejects(other.wasmBySource(keyOf(commitOf(11))), (e) => isErrandError(e, 'COORDINATOR__WASM_NOT_FOUND'));
    const third = (await c.admin.createRequest(sampleRequest(12, { source: commitSource(commitOf(10)) }))).request;
    const claim = (await other.claim(third.id))!;
    assert.deepEqual(
      claim.jobs.map((j) => j.type),
      ['execute'],
    );
    assert.equal(claim.wasmSha256, sha256(a));
  });
});
