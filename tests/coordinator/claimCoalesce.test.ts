import assert from 'node:assert/strict';
import { ClaimBatcher } from '../../coordinator/jobs/ClaimBatcher.ts';
import type { Claim } from '../../coordinator/jobs/Claim.ts';
import { coordinatorPerTest, type TestCoordinator } from './helpers/testCoordinator.ts';
import { sampleRequest } from './helpers/fixtures.ts';

const fakeClaim = (worker: string): Claim => ({ request: { id: `${worker}-1`, claimedBy: worker } as Claim['request'], jobs: [], wasmSha256: null });

describe('claims after a wake-up share one statement', () => {
  it('ClaimBatcher: coalesced claims of one tick go together, even when it is idle', async () => {
    const calls: string[][] = [];
    const b = new ClaimBatcher(
      async (ids) => {
        calls.push(ids);
        return new Map(ids.map((id) => [id, [fakeClaim(id)]]));
      },
      { maxInFlight: 1, maxSlots: 8 },
    );
    const got = await Promise.all(['a', 'b', 'c'].map((w) => b.claim(w, { coalesce: true })));
    assert.deepEqual(calls, [['a', 'b', 'c']]);
    assert.deepEqual(
      got.map((g) => g[0]?.request.claimedBy),
      ['a', 'b', 'c'],
    );
  });

  describe('long-pollers woken by one new request', () => {
    let c!: TestCoordinator;
    coordinatorPerTest((started) => (c = started), { CLAIM_STATEMENTS_IN_FLIGHT: 1, CLAIM_BATCH_MAX: 16 });

    it('run one claim statement between them; one of them gets the request', async () => {
      const pollers = Array.from({ length: 6 }, (_, i) => c.service.poll(`w${i}`, 300));
      await new Promise((r) => setTimeout(r, 100)); // every poller found the queue empty and waits
      const db = c.service.db as { query: (...a: unknown[]) => Promise<unknown> };
      const query = db.query;
      let claimStatements = 0;
      db.query = (...args: unknown[]) => {
        if (String(args[0]).includes('FOR UPDATE SKIP LOCKED')) claimStatements++;
        return query.apply(c.service.db, args);
      };
      try {
        await c.service.record(sampleRequest(1));
        const winner = await Promise.any(pollers.map((p) => p.then((claim) => claim ?? Promise.reject(new Error('no claim')))));
        assert.equal(winner.request.requestId, '1');
        assert.equal(claimStatements, 1, 'the wake-up cost one statement, not one alone and one for the rest');
        const claims = await Promise.all(pollers);
        assert.equal(claims.filter(Boolean).length, 1);
      } finally {
        db.query = query;
      }
    });
  });
});
