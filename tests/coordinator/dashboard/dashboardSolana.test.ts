/**
 * The dashboard's Solana reads against a local Solana running the real program: the chain filter
 * is ready, the cost estimate is the program's pricing (the same figure its client computes from
 * the config account), the program's worker accounts with their stake (matched to the
 * coordinator's worker by the key it registered with), and the ledger's requests with chain=solana.
 */
import assert from 'node:assert/strict';
import { applyChainBatch } from '../../../coordinator/watcher/chainBatch.ts';
import { startTestCoordinator, type TestCoordinator } from '../helpers/testCoordinator.ts';
import { sampleRequest } from '../helpers/fixtures.ts';
import { LIMITS, startWithWorker, type RequestFixture } from '../../solana/helpers.ts';

describe('dashboard: Solana reads (local Solana, real program)', function () {
  this.timeout(120_000);
  let sol: RequestFixture;
  let c: TestCoordinator;
  before(async () => {
    sol = await startWithWorker();
    c = await startTestCoordinator({}, { dashboard: { solana: { programId: sol.local.programId.toBase58(), client: sol.client } } });
  });
  after(async () => {
    await c?.close();
    await sol?.local.stop();
  });

  const json = async (path: string) => {
    const res = await fetch(`${c.url}${path}`);
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };

  it('says Solana is ready, and estimates with the program pricing', async () => {
    const config = await json('/v1/dashboard/config');
    assert.deepEqual((config.body.chains as unknown[])[1], { chain: 'solana', contractId: sol.local.programId.toBase58(), ready: true });
    const q = `maxInstructions=${LIMITS.maxInstructions}&maxMemoryMb=${LIMITS.maxMemoryMb}&maxExecutionMs=${LIMITS.maxExecutionMs}&maxCompileMs=${LIMITS.maxCompileMs}`;
    const est = await json(`/v1/dashboard/estimate?chain=solana&${q}`);
    assert.equal(est.status, 200, JSON.stringify(est.body));
    assert.equal(est.body.lamports, (await sol.client.estimateCost(LIMITS)).toString());
    assert.ok(BigInt(est.body.lamports as string) > 0n);
    const near = await json(`/v1/dashboard/estimate?chain=near&${q}`);
    assert.deepEqual([near.status, near.body.code], [503, 'COMMON__UNAVAILABLE'], 'NEAR is not configured here');
  });

  it('lists the program worker accounts with their stake, matched to the coordinator worker', async () => {
    const authority = sol.worker.publicKey.toBase58();
    await c.admin.registerWorker({ workerId: 'sol-worker-1', publicKey: `ed25519:${authority}` });
    const w = await json('/v1/dashboard/solana/workers');
    assert.equal(w.status, 200, JSON.stringify(w.body));
    assert.deepEqual(w.body.workers, [
      {
        authority,
        stakeLamports: '1000000000',
        status: 'active',
        registeredSlot: (w.body.workers as Array<{ registeredSlot: string }>)[0]!.registeredSlot,
        measurement: '09'.repeat(32),
        coordinatorWorker: 'sol-worker-1',
      },
    ]);
  });

  it('filters the ledger by chain=solana; Solana secrets listing stays a coded unfinished read', async () => {
    await applyChainBatch(c.db, {
      requested: [sampleRequest(1), sampleRequest(2, { chain: 'solana', contractId: sol.local.programId.toBase58(), requestTx: '5'.repeat(88) })],
      completed: [],
      cursor: null,
    });
    const solana = await json('/v1/dashboard/requests?chain=solana');
    assert.deepEqual(
      (solana.body.requests as Array<{ chain: string; requestId: string; requestTx?: string }>).map((r) => [r.chain, r.requestId, r.requestTx]),
      [['solana', '2', '5'.repeat(88)]],
    );
    const secrets = await json('/v1/dashboard/secrets?chain=solana&owner=alice.test');
    assert.deepEqual([secrets.status, secrets.body.code], [501, 'COMMON__UNFINISHED']);
  });
});
