import assert from 'node:assert/strict';
import { Redis } from 'ioredis';
import { startCoordinator, type RunningCoordinator } from '../../coordinator/startCoordinator.ts';
import { startTestCoordinator, type TestCoordinator } from './helpers/testCoordinator.ts';
import { openSiblingDb } from './helpers/testDb.ts';
import { okResponse, randomPrefix, sampleRequest, wasmUrlRequest, sha256, wasmModule } from './helpers/fixtures.ts';
import { startTcpProxy, type TcpProxy } from './helpers/tcpProxy.ts';
import { trackResource } from '../../common/testing/leaks.ts';
import type { Db } from '../../coordinator/db/Db.ts';

const REDIS_URL = process.env.REDIS_URL;
// FLUSHDB runs on a database index of its own, so other suites sharing this Redis keep their keys.
const FLUSH_DB_INDEX = 13;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function needsRedis(ctx: Mocha.Context): void {
  if (!REDIS_URL) {
    console.log('      (skipped: needs a real Redis, set REDIS_URL)');
    ctx.skip();
  }
}

describe('coordinator with Redis trouble mid-run', () => {
  it('Redis flushed mid-run (needs REDIS_URL): no request lost, locks are only hints, wake-ups keep working', async function () {
    needsRedis(this);
    const url = new URL(REDIS_URL!);
    url.pathname = `/${FLUSH_DB_INDEX}`;
    const c = await startTestCoordinator({ REDIS_URL: url.toString(), POLL_FALLBACK_MS: 200 });
    const admin = new Redis(url.toString(), { lazyConnect: true });
    const untrack = trackResource('test redis admin');
    try {
      await admin.connect();
      const { client: w } = await c.worker();
      for (let i = 0; i < 5; i++) await c.admin.createRequest(sampleRequest(i));
      assert.equal((await w.acquireLock('k', 60_000)).acquired, true);
      await admin.flushdb();
      assert.equal((await w.acquireLock('k', 60_000)).acquired, true, 'the flushed lock is free again (a hint, never data)');
      const polled = w.poll(5_000);
      const seen = new Set<string>();
      const first = await polled;
      seen.add(first!.request.id);
      for (let i = 5; i < 10; i++) await c.admin.createRequest(sampleRequest(i));
      for (;;) {
        const cl = await w.poll(300);
        if (!cl) break;
        seen.add(cl.request.id);
      }
      assert.equal(seen.size, 10, 'every request recorded before and after the flush was handed out');
    } finally {
      admin.disconnect();
      untrack();
      await c.close();
    }
  });

  it('Redis stopped mid-run (needs REDIS_URL): workers fall back to polling, nothing is lost, wake-ups resume', async function () {
    needsRedis(this);
    const target = new URL(REDIS_URL!);
    let proxy: TcpProxy | undefined;
    let a: TestCoordinator | undefined;
    let bDb: Db | undefined;
    let b: RunningCoordinator | undefined;
    try {
      proxy = await startTcpProxy(target.hostname, Number(target.port || 6379));
      const redisUrl = `redis://127.0.0.1:${proxy.port}`;
      const prefix = randomPrefix();
      a = await startTestCoordinator({ REDIS_URL: redisUrl, REDIS_PREFIX: prefix, POLL_FALLBACK_MS: 100 });
      bDb = await openSiblingDb(a.db);
      b = await startCoordinator(
        { PORT: 0, REDIS_URL: redisUrl, REDIS_PREFIX: prefix, POLL_FALLBACK_MS: 100, SWEEP_INTERVAL_MS: 3_600_000 },
        { db: bDb, http: false },
      );
      const mod = wasmModule('redis');
      await a.service.cache.upload(sha256(mod), mod);

      // Cross-coordinator wake-up while Redis is up: recorded on A, claimed by a poller on B.
      const p1 = b.service.poll('wb', 5_000);
      await sleep(50);
      await a.service.record(wasmUrlRequest(1, sha256(mod)));
      assert.equal((await p1)?.request.requestId, '1');

      await proxy.stop();
      await sleep(100);
      assert.equal(a.service.bus.healthy(), false);
      const claimed: string[] = [];
      const poller = (async () => {
        for (let i = 0; i < 5; i++) {
          const cl = await b!.service.poll('wb', 3_000);
          if (!cl) break;
          claimed.push(cl.request.requestId);
          await b!.service.completeExecute(cl.jobs[0]!.id, 'wb', { response: okResponse });
        }
      })();
      for (let i = 2; i <= 4; i++) await a.service.record(wasmUrlRequest(i, sha256(mod)));
      await proxy.start();
      for (let i = 5; i <= 6; i++) await a.service.record(wasmUrlRequest(i, sha256(mod)));
      await poller;
      assert.deepEqual(claimed.sort(), ['2', '3', '4', '5', '6'], 'every request recorded while Redis was down or back was claimed');
      for (let i = 0; i < 50 && !(a.service.bus.healthy() && b.service.bus.healthy()); i++) await sleep(100);
      assert.equal(a.service.bus.healthy(), true, 'reconnected');
      const { rows } = await a.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM requests WHERE status = 'done'`);
      assert.equal(rows[0]!.n, 5);
    } finally {
      await b?.close();
      await bDb?.close();
      await a?.close();
      await proxy?.close();
    }
  });
});
