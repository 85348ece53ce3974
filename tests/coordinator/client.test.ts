import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isErrandError } from '../../common/errors/index.ts';
import { trackResource } from '../../common/testing/leaks.ts';
import { startTestCoordinator, type TestCoordinator } from './helpers/testCoordinator.ts';
import { okResponse, sampleRequest, sha256, wasmModule } from './helpers/fixtures.ts';
import { CoordinatorClient } from '../../coordinator/client/CoordinatorClient.ts';

describe('CoordinatorClient against a running coordinator', () => {
  let c: TestCoordinator;
  afterEach(async () => {
    await c?.close();
  });

  it('a worker round: long-poll woken by a new request, logs as SSE, upload, complete; 409 for a second claimer', async () => {
    c = await startTestCoordinator();
    const { client: w1, workerId } = await c.worker('w1');
    const { client: w2 } = await c.worker('w2');
    const polled = w1.poll(5_000);
    await new Promise((r) => setTimeout(r, 50));
    const { request } = await c.admin.createRequest(sampleRequest(1));
    const claim = (await polled)!;
    assert.equal(claim.request.id, request.id);
    assert.equal(claim.request.claimedBy, workerId);
    await assert.rejects(w2.claim(request.id), (e) => isErrandError(e, 'COORDINATOR__REQUEST_NOT_CLAIMABLE'));
    assert.equal(await w2.poll(0), null);

    const [compile, execute] = claim.jobs;
    const follower = (async () => {
      const seen: string[] = [];
      for await (const e of w2.streamLogs(compile!.id, { follow: true, timeoutMs: 10_000 })) seen.push(e.chunk);
      return seen;
    })();
    await w1.appendLog(compile!.id, 'build', 'compiling...\n');
    await assert.rejects(w2.appendLog(compile!.id, 'build', 'not mine'), (e) => isErrandError(e, 'COORDINATOR__LEASE_LOST'));
    await w1.heartbeatJob(compile!.id);
    const mod = wasmModule('client');
    await w1.uploadWasm(sha256(mod), mod);
    await w1.appendLog(compile!.id, 'build', 'done\n');
    await w1.completeCompile(compile!.id, { wasmSha256: sha256(mod) });
    assert.deepEqual(await follower, ['compiling...\n', 'done\n'], 'the stream ends when the job is done');
    const replay: number[] = [];
    for await (const e of w2.streamLogs(compile!.id, { after: 0 })) replay.push(e.id);
    assert.equal(replay.length, 2);

    await w1.completeExecute(execute!.id, { response: okResponse, resolveTx: 'tx' });
    assert.equal((await w2.getRequest(request.id)).status, 'done');
    assert.deepEqual(
      (await w2.listRequests({ status: 'done' })).map((r) => r.id),
      [request.id],
    );
    await assert.rejects(w1.heartbeatJob(execute!.id), (e) => isErrandError(e, 'COORDINATOR__LEASE_LOST'));
    await assert.rejects(w1.heartbeatJob('00000000-0000-0000-0000-000000000000'), (e) => isErrandError(e, 'COORDINATOR__JOB_NOT_FOUND'));
    const src = (await w2.getRequest(request.id)).sourceKey!;
    assert.deepEqual(await w1.wasmBySource(src), { sha256: sha256(mod), bytes: mod.length, trusted: false }, 'a worker may run its own build');
    await assert.rejects(w2.wasmBySource(src), (e) => isErrandError(e, 'COORDINATOR__WASM_NOT_FOUND'), 'one build is not shared');
  });

  it('compile locks: only the holding that acquired (worker and token) extends or releases', async () => {
    c = await startTestCoordinator();
    const { client: a } = await c.worker('a');
    const { client: b } = await c.worker('b');
    const key = 'git:https://example.invalid/r#abc:wasm32-wasip1';
    const got = await a.acquireLock(key, 60_000);
    assert.equal(got.acquired, true);
    assert.match(got.token!, /^[A-Za-z0-9_-]{22}$/);
    assert.notEqual(got.token, key, 'the token is random, not the key');
    assert.deepEqual(await b.acquireLock(key, 60_000), { acquired: false, key });
    assert.equal((await a.acquireLock(key, 60_000)).acquired, false, 'a second lane of the holder does not get it either');
    await assert.rejects(b.releaseLock(key, got.token!), (e) => isErrandError(e, 'COORDINATOR__LOCK_NOT_OWNED'), "another worker's use of the token");
    await assert.rejects(b.extendLock(key, got.token!, 60_000), (e) => isErrandError(e, 'COORDINATOR__LOCK_NOT_OWNED'));
    const other = 'A'.repeat(22);
    await assert.rejects(a.releaseLock(key, other), (e) => isErrandError(e, 'COORDINATOR__LOCK_NOT_OWNED'), 'the holder worker with another token');
    await assert.rejects(a.releaseLock(key, 'not-a-token'), (e) => isErrandError(e, 'COMMON__INVALID_ARGUMENT'));
    await a.extendLock(key, got.token!, 60_000);
    await a.releaseLock(key, got.token!);
    await assert.rejects(a.releaseLock(key, got.token!), (e) => isErrandError(e, 'COORDINATOR__LOCK_NOT_OWNED'), 'released once');
    assert.equal((await b.acquireLock(key, 60_000)).acquired, true, 'free again');
  });

  it('proxies only the keystore public-key endpoint; timeouts and aborts are coded', async () => {
    const PUBKEY = {
      publicKey: 'ab'.repeat(32),
      algorithm: 'x25519',
      envelopeVersion: 1,
      scope: { chain: 'near', owner: 'alice.test', repo: 'r', branch: null },
    };
    const seen: string[] = [];
    const keystore: Server = createServer((req, res) => {
      seen.push(req.url ?? '');
      if (req.url?.startsWith('/slow')) return; // never answers
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify(PUBKEY));
    });
    const untrack = trackResource('fake keystore');
    await new Promise<void>((r) => keystore.listen(0, '127.0.0.1', () => r()));
    try {
      const port = (keystore.address() as AddressInfo).port;
      c = await startTestCoordinator({ KEYSTORE_URL: `http://127.0.0.1:${port}` });
      const { client } = await c.worker();
      const key = await client.keystorePublicKey({ chain: 'near', owner: 'alice.test', repo: 'r' });
      assert.deepEqual(key, PUBKEY);
      assert.deepEqual(seen, ['/v1/pubkey?chain=near&owner=alice.test&repo=r']);
      const other = await fetch(`${c.url}/v1/keystore/decrypt`, { headers: { authorization: `Bearer ${c.adminToken}` } });
      assert.equal(other.status, 404);
      assert.equal(seen.length, 1, 'nothing else reaches the keystore');

      const slow = new CoordinatorClient({ baseUrl: `http://127.0.0.1:${port}/slow`, timeoutMs: 100 });
      await assert.rejects(slow.health(), (e) => isErrandError(e, 'COMMON__TIMEOUT'));
      const ac = new AbortController();
      const p = slow.health({ signal: ac.signal, timeoutMs: 5_000 });
      ac.abort();
      await assert.rejects(p, (e) => isErrandError(e, 'COMMON__ABORTED'));
      const down = new CoordinatorClient({ baseUrl: 'http://127.0.0.1:1', timeoutMs: 2_000 });
      await assert.rejects(down.health(), (e) => isErrandError(e, 'COMMON__UNAVAILABLE'));
    } finally {
      keystore.closeAllConnections();
      await new Promise((r) => keystore.close(r));
      untrack();
    }
  });
  it('claimMany over HTTP: up to max requests for one worker, each claimed once; a bad max is a coded 400', async () => {
    c = await startTestCoordinator();
    const { client: w, workerId } = await c.worker('many');
    for (let i = 0; i < 5; i++) await c.admin.createRequest(sampleRequest(i));
    const first = await w.claimMany(3);
    const rest = await w.claimMany(10);
    assert.equal(first.length, 3);
    assert.equal(rest.length, 2);
    const all = [...first, ...rest];
    assert.equal(new Set(all.map((x) => x.request.id)).size, 5);
    assert.ok(all.every((x) => x.request.claimedBy === workerId && x.jobs.length === 2));
    assert.deepEqual(await w.claimMany(2), []);
    await assert.rejects(w.claimMany(0), (e) => isErrandError(e, 'COMMON__INVALID_ARGUMENT'));
  });
});
