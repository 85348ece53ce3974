import assert from 'node:assert/strict';
import { startTestCoordinator, type TestCoordinator } from './helpers/testCoordinator.ts';
import { hashToken } from '../../coordinator/auth/tokens.ts';
import { sampleRequest } from './helpers/fixtures.ts';

async function status(url: string, init: RequestInit = {}): Promise<{ status: number; code?: string }> {
  const res = await fetch(url, init);
  const body = (await res.json().catch(() => ({}))) as { code?: string };
  return { status: res.status, code: body.code };
}

describe('coordinator auth and rate limits', () => {
  let c: TestCoordinator;
  afterEach(async () => {
    await c?.close();
  });

  it('auth is on by default: no token 401, unknown token 401, worker on admin route 403; tokens stored only hashed', async () => {
    c = await startTestCoordinator();
    assert.deepEqual(await status(`${c.url}/v1/requests`), { status: 401, code: 'COORDINATOR__UNAUTHENTICATED' });
    assert.deepEqual(await status(`${c.url}/v1/requests`, { headers: { authorization: 'Bearer nope' } }), {
      status: 401,
      code: 'COORDINATOR__UNAUTHENTICATED',
    });
    const { workerId, client } = await c.worker('op-1');
    assert.equal(workerId, 'op-1');
    await assert.rejects(client.createRequest(sampleRequest(1)), (e: Error & { code?: string }) => e.code === 'COORDINATOR__FORBIDDEN');
    await assert.rejects(client.registerWorker({}), (e: Error & { code?: string }) => e.code === 'COORDINATOR__FORBIDDEN');
    await assert.rejects(c.admin.claim(), (e: Error & { code?: string }) => e.code === 'COORDINATOR__FORBIDDEN');
    await assert.rejects(c.admin.registerWorker({ workerId: 'op-1' }), (e: Error & { code?: string }) => e.code === 'COORDINATOR__WORKER_EXISTS');
    const hb = await client.workerHeartbeat({ targets: ['wasm32-wasip1'] });
    assert.equal(hb.workerId, 'op-1');
    assert.deepEqual(hb.capabilities, { targets: ['wasm32-wasip1'] });

    const { rows } = await c.db.query<Record<string, unknown>>('SELECT * FROM workers');
    const reg = await c.admin.registerWorker({});
    const { rows: after } = await c.db.query<{ token_hash: string }>('SELECT token_hash FROM workers WHERE id = $1', [reg.workerId]);
    assert.equal(after[0]!.token_hash, hashToken(reg.token));
    const dump = JSON.stringify(await c.db.query('SELECT * FROM workers'));
    assert.ok(!dump.includes(reg.token), 'the plaintext token is nowhere in the table');
    assert.equal(rows.length, 1);
    assert.deepEqual(await status(`${c.url}/health`), { status: 200, code: undefined });
  });

  it('rate limits per token answer 429 with a coded error', async () => {
    c = await startTestCoordinator({ RATE_PER_TOKEN_PER_S: 1, RATE_BURST: 5, RATE_PER_IP_PER_S: 1000 });
    const { client } = await c.worker();
    const results = await Promise.allSettled(Array.from({ length: 12 }, () => client.listRequests()));
    const limited = results.filter((r) => r.status === 'rejected' && (r.reason as { code?: string }).code === 'COORDINATOR__RATE_LIMITED');
    assert.ok(limited.length >= 5, `${limited.length} of 12 limited`);
    assert.ok(results.filter((r) => r.status === 'fulfilled').length >= 1);
  });

  it('with auth disabled (dev mode) workers are named by X-Worker-Id', async () => {
    c = await startTestCoordinator({ AUTH_ENABLED: false });
    await c.service.record(sampleRequest(1));
    const res = await fetch(`${c.url}/v1/claims`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-worker-id': 'devw' }, body: '{}' });
    const body = (await res.json()) as { claim: { request: { claimedBy: string } } };
    assert.equal(body.claim.request.claimedBy, 'devw');
  });
});
