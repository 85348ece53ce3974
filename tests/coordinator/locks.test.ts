/**
 * The lock services under the HTTP routes. Postgres locks expire by the injected clock, so expiry
 * is tested by moving a ManualClock, not by sleeping; Redis locks expire by Redis's own clock, so
 * their test checks the expiry Redis was given (PTTL) and leaves the expiring to Redis.
 */
import assert from 'node:assert/strict';
import { ManualClock } from '../../common/clock/index.ts';
import type { Db } from '../../coordinator/db/Db.ts';
import { PgLocks } from '../../coordinator/locks/PgLocks.ts';
import { RedisLocks } from '../../coordinator/locks/RedisLocks.ts';
import { openRedis, type RedisPair } from '../../coordinator/redis/openRedis.ts';
import { openTestDb } from './helpers/testDb.ts';
import { randomPrefix } from './helpers/fixtures.ts';

const TTL = 60_000;

describe('coordinator lock services', () => {
  describe('PgLocks (time from the injected clock)', () => {
    let db: Db;
    let clock: ManualClock;
    let locks: PgLocks;
    beforeEach(async () => {
      db = await openTestDb();
      clock = new ManualClock();
      locks = new PgLocks(db, clock);
    });
    afterEach(async () => {
      await db.close();
    });

    it('is owned until it expires; then the next owner has it and the old one cannot free it', async () => {
      assert.equal(await locks.acquire('k', 'a/1', TTL), true);
      assert.equal(await locks.acquire('k', 'b/1', TTL), false);
      assert.equal(await locks.acquire('k', 'a/2', TTL), false, 'another holding of the same worker');
      assert.equal(await locks.extend('k', 'b/1', TTL), false);
      assert.equal(await locks.release('k', 'b/1'), false);
      clock.advance(TTL / 2);
      assert.equal(await locks.extend('k', 'a/1', TTL), true, 'extended: now runs until 1.5 TTL');
      clock.advance(TTL);
      assert.equal(await locks.acquire('k', 'b/1', TTL), false, 'the extension holds');
      clock.advance(TTL / 2 + 1);
      assert.equal(await locks.extend('k', 'a/1', TTL), false, 'an expired lock is not extended');
      assert.equal(await locks.acquire('k', 'b/1', TTL), true, 'an expired lock can be taken');
      assert.equal(await locks.release('k', 'a/1'), false, 'the old owner cannot free it');
      assert.equal(await locks.release('k', 'b/1'), true);
      assert.equal(await locks.acquire('k', 'a/3', TTL), true, 'free again');
    });
  });

  describe('RedisLocks', () => {
    let redis: RedisPair | undefined;
    before(function () {
      if (!process.env.REDIS_URL) {
        console.log('      (skipped: needs a real Redis, set REDIS_URL)');
        this.skip();
      }
    });
    afterEach(async () => {
      await redis?.close();
    });

    it('is owned; takes the expiry it was given; only the owner extends or releases', async () => {
      redis = await openRedis(process.env.REDIS_URL!);
      const prefix = randomPrefix();
      const locks = new RedisLocks(redis.command, prefix);
      assert.equal(await locks.acquire('k', 'a/1', TTL), true);
      const pttl = await redis.command.pttl(`${prefix}lock:k`);
      assert.ok(pttl > TTL - 5_000 && pttl <= TTL, `PTTL ${pttl}`);
      assert.equal(await locks.acquire('k', 'a/2', TTL), false, 'another holding of the same worker');
      assert.equal(await locks.extend('k', 'b/1', TTL), false);
      assert.equal(await locks.release('k', 'b/1'), false);
      assert.equal(await locks.extend('k', 'a/1', 2 * TTL), true);
      assert.ok((await redis.command.pttl(`${prefix}lock:k`)) > TTL, 'the extension moved the expiry');
      assert.equal(await locks.release('k', 'a/1'), true);
      assert.equal(await redis.command.exists(`${prefix}lock:k`), 0);
    });
  });
});
