import assert from 'node:assert/strict';
import { ClaimBatcher } from '../../coordinator/jobs/ClaimBatcher.ts';
import type { Claim } from '../../coordinator/jobs/Claim.ts';
import { coordinatorPerTest, type TestCoordinator } from './helpers/testCoordinator.ts';
import { sampleRequest } from './helpers/fixtures.ts';

describe('coordinator shared claim statements', () => {
  let c!: TestCoordinator;
  coordinatorPerTest((started) => (c = started), { CLAIM_STATEMENTS_IN_FLIGHT: 1, CLAIM_BATCH_MAX: 8 });

  it('concurrent claimers sharing statements each get their own request, leased to themselves', async () => {
    for (let i = 0; i < 5; i++) await c.service.record(sampleRequest(i));
    const workers = Array.from({ length: 12 }, (_, i) => `w${i}`);
    const claims = await Promise.all(workers.map((w) => c.service.claim(w)));
    const got = claims.flatMap((claim, i) => (claim ? [{ worker: workers[i]!, claim }] : []));
    assert.equal(got.length, 5, 'five requests, five claims, the other claimers get null');
    assert.equal(new Set(got.map((g) => g.claim.request.id)).size, 5, 'no request twice');
    for (const { worker, claim } of got) assert.equal(claim.request.claimedBy, worker);
    const { rows } = await c.db.query<{ locked_by: string; request_id: string }>(`SELECT locked_by, request_id::text FROM jobs`);
    for (const row of rows) {
      const owner = got.find((g) => g.claim.request.id === row.request_id)?.worker;
      assert.equal(row.locked_by, owner, 'each job is leased to the worker its claim went to');
    }
  });

  it('a worker may claim several at once (oldest first, capped), and repeat calls never overlap', async () => {
    for (let i = 0; i < 11; i++) await c.service.record(sampleRequest(i));
    const [a, b] = await Promise.all([c.service.claimMany('wa', 4), c.service.claimMany('wa', 100)]);
    assert.equal(a.length, 4);
    assert.equal(b.length, 7, 'capped at CLAIM_BATCH_MAX (8), then the queue ran dry');
    const ids = [...a, ...b].map((x) => x.request.id);
    assert.equal(new Set(ids).size, 11);
    const heights = a.map((x) => x.request.blockHeight);
    assert.deepEqual(
      heights,
      [...heights].sort((x, y) => x - y),
      'oldest first',
    );
    assert.deepEqual(await c.service.claimMany('wa', 3), []);
  });
});

describe('ClaimBatcher', () => {
  const fakeClaim = (worker: string, n: number): Claim => ({
    request: { id: `${worker}-${n}`, claimedBy: worker } as Claim['request'],
    jobs: [],
    wasmSha256: null,
  });

  it('runs one statement at a time and coalesces the claims that arrive meanwhile', async () => {
    const calls: string[][] = [];
    let n = 0;
    const b = new ClaimBatcher(
      async (ids) => {
        calls.push(ids);
        await new Promise((r) => setTimeout(r, 10));
        const out = new Map<string, Claim[]>();
        for (const id of ids) out.set(id, [...(out.get(id) ?? []), fakeClaim(id, n++)]);
        return out;
      },
      { maxInFlight: 1, maxSlots: 4 },
    );
    const results = await Promise.all(['a', 'b', 'c', 'd', 'e', 'f'].map((w) => b.claim(w)));
    assert.deepEqual(calls, [['a'], ['b', 'c', 'd', 'e'], ['f']]);
    assert.deepEqual(
      results.map((r) => r.map((x) => x.request.claimedBy)),
      [['a'], ['b'], ['c'], ['d'], ['e'], ['f']],
    );
  });

  it('an error of a shared statement rejects every claim in it, and later claims still run', async () => {
    let fail = true;
    const b = new ClaimBatcher(
      async (ids) => {
        await new Promise((r) => setTimeout(r, 5));
        if (fail) throw new Error('boom');
        return new Map(ids.map((id) => [id, [fakeClaim(id, 0)]]));
      },
      { maxInFlight: 1, maxSlots: 8 },
    );
    const first = b.claim('a');
    const shared = [b.claim('b'), b.claim('c')];
    await assert.rejects(first, /boom/);
    await Promise.all(shared.map((p) => assert.rejects(p, /boom/)));
    fail = false;
    assert.equal((await b.claim('d'))[0]?.request.claimedBy, 'd');
  });

  it('a waiting claim whose signal aborts leaves the queue (COMMON__ABORTED); one whose statement runs is not cancelled', async () => {
    const calls: string[][] = [];
    const b = new ClaimBatcher(
      async (ids) => {
        calls.push(ids);
        await new Promise((r) => setTimeout(r, 20));
        return new Map(ids.map((id) => [id, [fakeClaim(id, 0)]]));
      },
      { maxInFlight: 1, maxSlots: 8 },
    );
    const running = new AbortController();
    const waiting = new AbortController();
    const first = b.claim('a', { signal: running.signal });
    const left = b.claim('b', { signal: waiting.signal });
    const stays = b.claim('c');
    running.abort();
    waiting.abort();
    await assert.rejects(left, (e: { code?: string }) => e.code === 'COMMON__ABORTED');
    assert.equal((await first)[0]?.request.claimedBy, 'a', 'its statement had started: it still gets its claim');
    assert.equal((await stays)[0]?.request.claimedBy, 'c');
    assert.deepEqual(calls, [['a'], ['c']], 'the claim that left took no slot');
    await assert.rejects(b.claim('d', { signal: AbortSignal.abort() }), (e: { code?: string }) => e.code === 'COMMON__ABORTED');
  });
});
