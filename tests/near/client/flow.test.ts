/**
 * The NEAR client side against the real errand.wasm on the local chain, through its JSON-RPC:
 * watcher (final blocks, at-least-once, cursor), resolve submitter (idempotence, concurrent nonces,
 * large outputs stored first) and chain reader.
 */
import assert from 'node:assert/strict';
import { NearChainReader, NearChainWatcher, NearResolveSubmitter } from '../../../contracts/near/client/index.ts';
import type { ChainEvent } from '../../../common/ports/index.ts';
import type { ExecutionResponse } from '../../../common/types/index.ts';
import { NEAR } from '../local/helpers.ts';
import { LIMITS, request, SOURCE, startEnv, type Env } from './setup.ts';

const ok = (value: string): ExecutionResponse => ({
  success: true,
  output: { format: 'text', value },
  resourcesUsed: { instructions: 500_000, timeMs: 10, compileTimeMs: 0 },
});

async function pollUntil(w: NearChainWatcher, cursor: string | null, pred: (evs: ChainEvent[]) => boolean): Promise<{ events: ChainEvent[]; cursor: string }> {
  const events: ChainEvent[] = [];
  let c = cursor;
  for (let i = 0; i < 100; i++) {
    const batch = await w.poll(c);
    events.push(...batch.events);
    c = batch.cursor;
    if (pred(events)) return { events, cursor: c };
    await new Promise((r) => setTimeout(r, 30));
  }
  throw new Error(`watcher never saw the expected events: ${JSON.stringify(events.map((e) => e.kind))}`);
}

describe('near client on the local chain (real errand.wasm)', function () {
  this.timeout(60_000);
  let env: Env;
  afterEach(async () => env?.near.close());

  it('watches execution_requested from final blocks, resumes from the cursor, and redelivers from an older one', async () => {
    env = await startEnv();
    const watcher = new NearChainWatcher({ contractId: env.contractId, provider: env.near.provider });
    const id = await request(env, 'stdin text');
    const first = await pollUntil(watcher, null, (evs) => evs.some((e) => e.kind === 'execution_requested'));
    const ev = first.events.find((e) => e.kind === 'execution_requested');
    assert.ok(ev && ev.kind === 'execution_requested');
    assert.equal(ev.request.requestId, id);
    assert.equal(ev.request.senderId, 'alice.test');
    assert.equal(ev.request.input, 'stdin text');
    assert.deepEqual(ev.request.source, SOURCE);
    assert.deepEqual(ev.request.limits, LIMITS);
    assert.match(ev.request.callbackHandle ?? '', /^[0-9a-f]{64}$/);
    const again = await watcher.poll(first.cursor);
    assert.equal(again.events.filter((e) => e.kind === 'execution_requested').length, 0, 'nothing new after the cursor');
    const replay = await watcher.poll(String(ev.blockHeight - 1));
    assert.equal(replay.events.filter((e) => e.kind === 'execution_requested').length, 1, 'at-least-once from an older cursor');
    assert.ok(Number(replay.cursor) >= ev.blockHeight);
  });

  it('fetches a large input from state when the event leaves it out', async () => {
    env = await startEnv();
    const big = 'x'.repeat(5000);
    await request(env, big);
    const watcher = new NearChainWatcher({ contractId: env.contractId, provider: env.near.provider });
    const { events } = await pollUntil(watcher, null, (evs) => evs.some((e) => e.kind === 'execution_requested'));
    const ev = events.find((e) => e.kind === 'execution_requested');
    assert.ok(ev && ev.kind === 'execution_requested');
    assert.equal(ev.request.input, big);
  });

  it('resolves once; a second resolve answers alreadyResolved; the watcher sees execution_completed', async () => {
    env = await startEnv();
    const id = await request(env);
    const submitter = new NearResolveSubmitter(env.worker);
    const ref = { chain: 'near' as const, contractId: env.contractId, requestId: id };
    const workerBefore = env.near.viewAccount('worker.test')?.amount ?? 0n;
    const r1 = await submitter.resolve(ref, ok('42'));
    assert.equal(r1.alreadyResolved, false);
    assert.ok(r1.txHash.length > 0);
    const r2 = await submitter.resolve(ref, ok('43'));
    assert.equal(r2.alreadyResolved, true);
    const watcher = new NearChainWatcher({ contractId: env.contractId, provider: env.near.provider });
    const { events } = await pollUntil(watcher, null, (evs) => evs.some((e) => e.kind === 'execution_completed'));
    const done = events.find((e) => e.kind === 'execution_completed');
    assert.ok(done && done.kind === 'execution_completed');
    assert.equal(done.success, true);
    assert.equal(done.ref.requestId, id);
    const view = await env.requester.getRequestRaw(id);
    assert.equal(view?.['status'], 'resolved');
    assert.equal(
      (env.near.viewAccount('worker.test')?.amount ?? 0n) - workerBefore,
      BigInt(String(view?.['charged'])),
      'worker paid exactly the charge (gas price 0)',
    );
  });

  it('resolves several requests concurrently from one key without nonce collisions', async () => {
    env = await startEnv();
    const ids = [];
    for (let i = 0; i < 4; i++) ids.push(await request(env, `in-${i}`));
    const submitter = new NearResolveSubmitter(env.worker);
    const results = await Promise.all(
      ids.map((requestId) => submitter.resolve({ chain: 'near', contractId: env.contractId, requestId }, ok(`out-${requestId}`))),
    );
    assert.deepEqual(
      results.map((r) => r.alreadyResolved),
      [false, false, false, false],
    );
    assert.equal(new Set(results.map((r) => r.txHash)).size, 4);
    await new Promise((r) => setTimeout(r, 200));
    for (const id of ids) assert.equal((await env.requester.getRequestRaw(id))?.['status'], 'resolved');
  });

  it('stores a large output first and resolves with its sha256 reference', async () => {
    env = await startEnv();
    const id = await request(env);
    const value = 'y'.repeat(3000);
    const r = await new NearResolveSubmitter(env.worker).resolve({ chain: 'near', contractId: env.contractId, requestId: id }, ok(value));
    assert.equal(r.alreadyResolved, false);
    const out = await env.requester.view<Record<string, unknown>>('get_execution_output', { request_id: Number(id) });
    assert.equal(out['value'], value);
    assert.equal(out['bytes'], 3000);
  });

  it('refuses a resolve from an account that is not a registered worker (ERR_NOT_A_WORKER)', async () => {
    env = await startEnv();
    const id = await request(env);
    await assert.rejects(
      new NearResolveSubmitter(env.requester).resolve({ chain: 'near', contractId: env.contractId, requestId: id }, ok('x')),
      (e: { code?: string; context?: { kind?: string } }) => e.code === 'CHAIN__TX_FAILED' && e.context?.kind === 'ERR_NOT_A_WORKER',
    );
  });

  it('reads requests, workers, balances and missing secrets through the chain reader', async () => {
    env = await startEnv();
    const id = await request(env);
    const reader = new NearChainReader(env.near.provider);
    const req = await reader.getRequest(env.contractId, id);
    assert.equal(req?.status, 'pending');
    assert.equal(req?.payerId, 'alice.test');
    assert.equal(await reader.getRequest(env.contractId, '999'), null);
    const w = await reader.getWorkerByKey(env.contractId, env.workerSender.signerPublicKey);
    assert.equal(w?.accountId, 'worker.test');
    assert.equal(w?.stake, (10n * NEAR).toString());
    assert.equal(w?.status, 'active');
    assert.equal(w?.attestationKind, 'ed25519', 'registerWorker registers ed25519 by default');
    assert.equal(await reader.getBalance('alice.test'), env.near.viewAccount('alice.test')?.amount);
    assert.equal(await reader.getBalance('nobody.test'), 0n);
    assert.equal(await reader.getSecrets(env.contractId, { owner: 'alice.test', repo: 'https://x/y.git', branch: null, profile: 'default' }), null);
  });
});
