import assert from 'node:assert/strict';
import { startTestCoordinator, type TestCoordinator } from './helpers/testCoordinator.ts';
import { okResponse, sampleRequest, sha256, wasmModule } from './helpers/fixtures.ts';
import type { Claim } from '../../coordinator/jobs/Claim.ts';

const CLAIMERS = 32;
const REQUESTS = 200;

describe('coordinator claim race', () => {
  let c: TestCoordinator;
  beforeEach(async () => {
    c = await startTestCoordinator();
  });
  afterEach(async () => {
    await c.close();
  });

  it(`${CLAIMERS} concurrent claimers over ${REQUESTS} requests: every (request, job) exactly once, all done, queue empty`, async () => {
    const mod = wasmModule('race');
    const modSha = sha256(mod);
    await c.service.cache.upload(modSha, mod);
    // Half the requests share one source (cached after its first compile), half are unique.
    for (let i = 0; i < REQUESTS; i++) {
      await c.service.record(sampleRequest(i, i % 2 === 0 ? { source: { ...sampleRequest(0).source } } : {}));
    }
    const claimed: Array<{ worker: string; claim: Claim }> = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const claimer = async (w: string): Promise<void> => {
      await gate;
      for (;;) {
        const claim = await c.service.claim(w);
        if (!claim) return;
        claimed.push({ worker: w, claim });
        for (const job of claim.jobs) {
          if (job.type === 'compile') await c.service.completeCompile(job.id, w, { wasmSha256: modSha });
          else await c.service.completeExecute(job.id, w, { response: okResponse });
        }
      }
    };
    const running = Array.from({ length: CLAIMERS }, (_, i) => claimer(`w${i}`));
    release();
    await Promise.all(running);

    const perRequest = new Map<string, number>();
    const jobIds = new Set<string>();
    for (const { claim } of claimed) {
      perRequest.set(claim.request.id, (perRequest.get(claim.request.id) ?? 0) + 1);
      for (const j of claim.jobs) {
        assert.ok(!jobIds.has(j.id), `job ${j.id} handed out twice`);
        jobIds.add(j.id);
      }
    }
    assert.equal(perRequest.size, REQUESTS, 'every request claimed');
    assert.ok([...perRequest.values()].every((n) => n === 1), 'no request claimed twice');
    const { rows: jobs } = await c.db.query<{ request_id: string; type: string; n: number }>(
      `SELECT request_id::text, type, count(*)::int AS n FROM jobs GROUP BY 1, 2`,
    );
    assert.ok(jobs.every((j) => j.n === 1));
    assert.equal(jobs.filter((j) => j.type === 'execute').length, REQUESTS);
    const { rows } = await c.db.query<{ status: string; n: number }>(`SELECT status, count(*)::int AS n FROM requests GROUP BY status`);
    assert.deepEqual(rows, [{ status: 'done', n: REQUESTS }]);
    const { rows: notDone } = await c.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM jobs WHERE status <> 'done'`);
    assert.equal(notDone[0]!.n, 0);
    assert.equal(await c.service.claim('late'), null, 'queue is empty');
    // The shared source compiled at most a few times (before its module was indexed), never per request.
    const sharedCompiles = claimed.filter(({ claim }) => claim.request.requestId.match(/[02468]$/) && claim.jobs.length === 2).length;
    assert.ok(sharedCompiles < REQUESTS / 2, `shared source compiled ${sharedCompiles} times`);
  });
});
