/**
 * Rate limits across coordinators: the token buckets live in Redis, so two limiters (two
 * coordinators) on one Redis allow the configured rate once, not twice; the script is atomic, so
 * concurrent takers never overdraw a bucket; with Redis gone each process limits by itself.
 * Needs a real Redis (REDIS_URL); the in-process limiter is checked without.
 */
import assert from 'node:assert/strict';
import { Redis } from 'ioredis';
import { LocalRateLimiter, type Bucket } from '../../coordinator/http/RateLimiter.ts';
import { RedisRateLimiter } from '../../coordinator/http/RedisRateLimiter.ts';
import { randomPrefix } from './helpers/fixtures.ts';

const REDIS_URL = process.env.REDIS_URL;
const bucket = (key: string, ratePerS: number, burst: number): Bucket => ({ key, ratePerS, burst });

describe('rate limits', () => {
  it('in-process: takes from every bucket named or from none', () => {
    const l = new LocalRateLimiter();
    const ip = bucket('ip:x', 1, 3);
    const tok = bucket('token:t', 1, 1);
    assert.equal(l.takeNow([ip, tok], 0), 0);
    assert.ok(l.takeNow([ip, tok], 0) > 0, 'the token bucket is empty');
    assert.equal(l.takeNow([ip], 0), 0, 'the refused call took nothing from the IP bucket');
    assert.equal(l.takeNow([ip], 0), 0);
    assert.ok(l.takeNow([ip], 0) > 0);
    assert.equal(l.takeNow([ip], 1000), 0, 'refilled at 1/s');
  });

  describe('in Redis (needs REDIS_URL)', () => {
    let a: Redis;
    let b: Redis;
    before(function () {
      if (!REDIS_URL) this.skip();
    });
    beforeEach(async () => {
      a = new Redis(REDIS_URL!, { lazyConnect: true });
      b = new Redis(REDIS_URL!, { lazyConnect: true });
      await Promise.all([a.connect(), b.connect()]);
    });
    afterEach(async () => {
      a.disconnect();
      b.disconnect();
    });

    it('two coordinators share one bucket: 200 concurrent calls against a burst of 40 allow about 40, not 80', async () => {
      const prefix = randomPrefix();
      const onA = new RedisRateLimiter(a, prefix);
      const onB = new RedisRateLimiter(b, prefix);
      const tok = [bucket('token:shared', 5, 40)];
      const t0 = Date.now();
      const waits = await Promise.all(Array.from({ length: 200 }, (_, i) => (i % 2 ? onA : onB).take(tok)));
      const allowed = waits.filter((w) => w === 0).length;
      const refill = Math.ceil(((Date.now() - t0) / 1000) * 5);
      assert.ok(allowed >= 40 && allowed <= 40 + refill, `${allowed} allowed (burst 40, refill ${refill})`);
      assert.ok(
        waits.every((w) => w === 0 || (w > 0 && w <= 200)),
        'a refused call is told when a token is back (5/s: <= 200 ms)',
      );
    });

    it('Redis unreachable: each process limits by itself', async () => {
      const dead = new Redis('redis://127.0.0.1:1', { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
      const l = new RedisRateLimiter(dead, randomPrefix());
      const tok = [bucket('token:x', 1, 3)];
      const waits = [await l.take(tok), await l.take(tok), await l.take(tok), await l.take(tok)];
      assert.deepEqual(
        waits.map((w) => w === 0),
        [true, true, true, false],
      );
      dead.disconnect();
    });
  });
});
