/**
 * The dashboard's Solana reads against a local Solana running the real program: the chain filter
 * is ready, the cost estimate is the program's pricing (the same figure its client computes from
 * the config account), the program's worker accounts with their stake (matched to the
 * coordinator's worker by the key it registered with), the ledger's requests with chain=solana, and
 * an owner's secrets entries read from the program's accounts (key and rent, never the envelope).
 */
import assert from 'node:assert/strict';
import { applyChainBatch } from '../../../coordinator/watcher/chainBatch.ts';
import { startTestCoordinator, type TestCoordinator } from '../helpers/testCoordinator.ts';
import { sampleRequest } from '../helpers/fixtures.ts';
import { settle } from '../../../contracts/solana/client/index.ts';
import { LIMITS, SOURCE, startWithWorker, type RequestFixture } from '../../solana/helpers.ts';

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

  it('filters the ledger by chain=solana', async () => {
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
  });

  it("lists an owner's Solana secrets entries: key and rent only, none of another owner's", async () => {
    const envelope = Buffer.alloc(120, 1);
    const accessCondition = Buffer.from('{"type":"AllowAll"}');
    await sol.client.storeSecrets({ repo: 'https://example.test/a', branch: null, profile: 'default', envelope, accessCondition });
    await sol.client.storeSecrets({ repo: 'https://example.test/b', branch: 'main', profile: 'p2', envelope, accessCondition });
    await sol.workerClient.storeSecrets({ repo: 'https://example.test/other', branch: null, profile: 'default', envelope, accessCondition });
    const owner = sol.requester.publicKey.toBase58();
    const r = await json(`/v1/dashboard/secrets?chain=solana&owner=${owner}`);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    const rent = (await sol.client.getSecrets(sol.requester.publicKey, 'https://example.test/a', null, 'default'))!.lamports.toString();
    const entries = (r.body.entries as Array<{ repo: string; branch: string | null; profile: string; storageDeposit: string }>).sort((a, b) =>
      a.repo.localeCompare(b.repo),
    );
    assert.deepEqual(entries, [
      { repo: 'https://example.test/a', branch: null, profile: 'default', storageDeposit: rent },
      { repo: 'https://example.test/b', branch: 'main', profile: 'p2', storageDeposit: entries[1]!.storageDeposit },
    ]);
    assert.ok(BigInt(entries[1]!.storageDeposit) > BigInt(rent), 'a longer key pays more rent');
    assert.deepEqual((await json(`/v1/dashboard/secrets?chain=solana&owner=${sol.local.owner.publicKey.toBase58()}`)).body.entries, []);
  });

  it("shows a settled request's charge, refund and rent refund from the resolve transaction's event", async () => {
    const sent = await sol.client.requestExecution({ source: SOURCE, input: { kind: 'inline', data: Buffer.from('x') }, limits: LIMITS, nonce: 77n });
    const view = (await sol.client.getRequest(sent.request))!;
    const used = { instructions: 1_234_567n, timeMs: 321n, compileTimeMs: 5n };
    const res = await sol.workerClient.resolveExecution(sent.request, sol.requester.publicKey, {
      success: true,
      resourcesUsed: used,
      output: { kind: 'inline', data: Buffer.from('ok') },
      error: '',
    });
    const expect = settle(view.pricing, view.limits, view.deposit, view.protocolFeeBps, true, used);
    const programId = sol.local.programId.toBase58();
    await applyChainBatch(c.db, {
      requested: [sampleRequest(Number(sent.requestId), { chain: 'solana', contractId: programId })],
      completed: [],
      cursor: null,
    });
    const { rows } = await c.db.query<{ id: string }>(
      `UPDATE requests SET resolve_tx = $1 WHERE chain = 'solana' AND request_id = $2 RETURNING id::text AS id`,
      [res.signature, sent.requestId.toString()],
    );
    const d = await json(`/v1/dashboard/requests/${rows[0]!.id}`);
    assert.equal(d.status, 200, JSON.stringify(d.body));
    assert.equal(d.body.chainError, null);
    assert.deepEqual(d.body.chain, {
      status: 'resolved',
      charged: expect.charged.toString(),
      refunded: expect.refund.toString(),
      rent_refunded: (view.lamports - view.deposit).toString(),
      resolved_by: sol.worker.publicKey.toBase58(),
      resources_used: { instructions: 1_234_567, time_ms: 321, compile_time_ms: 5 },
    });
    // A transaction that settled nothing of this request is said so, not shown as a settlement.
    await c.db.query(`UPDATE requests SET resolve_tx = $1 WHERE id = $2::uuid`, [sent.signature, rows[0]!.id]);
    const wrong = await json(`/v1/dashboard/requests/${rows[0]!.id}`);
    assert.equal(wrong.body.chain, null);
    assert.match(String(wrong.body.chainError), /carries no settlement of request/);
  });
});
