import assert from 'node:assert/strict';
import { Agent, request } from 'node:http';
import { isErrandError } from '../../common/errors/index.ts';
import { startTestCoordinator, type TestCoordinator } from './helpers/testCoordinator.ts';
import { sha256, wasmModule } from './helpers/fixtures.ts';
import type { CoordinatorClient } from '../../coordinator/client/CoordinatorClient.ts';

describe('coordinator WASM cache over HTTP', () => {
  let c: TestCoordinator;
  let w: CoordinatorClient;
  beforeEach(async () => {
    c = await startTestCoordinator({ WASM_MAX_BYTES: 4096, WASM_CACHE_BYTES: 3 * 1100 });
    w = (await c.worker()).client;
  });
  afterEach(async () => {
    await c.close();
  });

  it('upload, exists, download round-trip; re-upload is idempotent', async () => {
    const mod = wasmModule('x');
    assert.equal(WebAssembly.validate(mod), true, 'the fixture is real WebAssembly');
    assert.equal(await w.wasmExists(sha256(mod)), false);
    assert.deepEqual(await w.uploadWasm(sha256(mod), mod), { sha256: sha256(mod), bytes: mod.length, created: true });
    assert.equal((await w.uploadWasm(sha256(mod), mod)).created, false);
    assert.equal(await w.wasmExists(sha256(mod)), true);
    assert.deepEqual(Buffer.from(await w.downloadWasm(sha256(mod))), mod);
    await assert.rejects(w.wasmBySource('git:none'), (e) => isErrandError(e, 'COORDINATOR__WASM_NOT_FOUND'));
  });

  it('a cache miss on HEAD keeps the connection open (explicit empty length)', async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const head = (): Promise<{ status: number; length: string | undefined; socket: unknown }> =>
      new Promise((resolve, reject) => {
        const req = request(`${c.url}/v1/wasm/${'00'.repeat(32)}`, { method: 'HEAD', agent, headers: { authorization: `Bearer ${c.adminToken}` } }, (res) => {
          res.resume();
          res.on('end', () => resolve({ status: res.statusCode ?? 0, length: res.headers['content-length'], socket: req.socket }));
        });
        req.on('error', reject).end();
      });
    try {
      const first = await head();
      const second = await head();
      assert.deepEqual([first.status, first.length], [404, '0']);
      assert.equal(second.socket, first.socket, "the second HEAD reused the first one's socket");
    } finally {
      agent.destroy();
    }
  });

  it('wrong hash, non-wasm body, oversized body: each a coded 4xx', async () => {
    const mod = wasmModule('y');
    const expect = async (p: Promise<unknown>, code: string, status: number) => {
      const res = await p.then(
        () => assert.fail('accepted'),
        (e: unknown) => e,
      );
      assert.ok(isErrandError(res), String(res));
      assert.equal(res.code, code);
      void status;
    };
    await expect(w.uploadWasm(sha256(Buffer.from('other')), mod), 'COORDINATOR__WASM_HASH_MISMATCH', 422);
    const text = Buffer.from('#!/bin/sh\necho not wasm\n');
    await expect(w.uploadWasm(sha256(text), text), 'COORDINATOR__WASM_INVALID', 422);
    const big = wasmModule('z', 5000);
    await expect(w.uploadWasm(sha256(big), big), 'COORDINATOR__WASM_TOO_LARGE', 413);
    await expect(w.uploadWasm('NOT-A-HASH', mod), 'COMMON__INVALID_ARGUMENT', 400);
    // Raw status codes as a non-client caller sees them.
    const res = await fetch(`${c.url}/v1/wasm/${sha256(big)}`, { method: 'PUT', body: big, headers: { authorization: `Bearer ${c.adminToken}` } });
    assert.equal(res.status, 413);
    assert.equal(((await res.json()) as { code: string }).code, 'COORDINATOR__WASM_TOO_LARGE');
    const res2 = await fetch(`${c.url}/v1/wasm/${sha256(Buffer.from('q'))}`, {
      method: 'PUT',
      body: mod,
      headers: { authorization: `Bearer ${c.adminToken}` },
    });
    assert.equal(res2.status, 422);
    assert.equal(await w.wasmExists(sha256(mod)), false, 'nothing stored by a refused upload');
  });

  it('LRU eviction keeps the recently used modules under the byte budget', async () => {
    const mods = [0, 1, 2, 3].map((i) => wasmModule(`m${i}`, 1000));
    for (const m of mods.slice(0, 3)) await w.uploadWasm(sha256(m), m);
    await w.downloadWasm(sha256(mods[0]!)); // m0 is now the most recently used
    await w.uploadWasm(sha256(mods[3]!), mods[3]!);
    const present = await Promise.all(mods.map((m) => w.wasmExists(sha256(m))));
    assert.deepEqual(present, [true, false, true, true], 'm1, the least recently used, was evicted');
    assert.ok((await c.service.cache.totalBytes()) <= 3 * 1100);
    await assert.rejects(w.downloadWasm(sha256(mods[1]!)), (e) => isErrandError(e, 'COORDINATOR__WASM_NOT_FOUND'));
  });
});
