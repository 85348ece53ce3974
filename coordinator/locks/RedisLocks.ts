/** Locks in Redis: SET NX PX to take, compare-and-pexpire / compare-and-delete (Lua) to extend / release.
 * Expiry is Redis's own PX clock, not the coordinator's injected one. */
import type { Redis } from 'ioredis';
import { ErrandError } from '../../common/errors/index.ts';
import type { LockService } from './LockService.ts';

const EXTEND = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end`;
const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;

export class RedisLocks implements LockService {
  readonly kind = 'redis' as const;
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  private k(key: string): string {
    return `${this.prefix}lock:${key}`;
  }

  private async run<T>(op: () => Promise<T>): Promise<T> {
    try {
      return await op();
    } catch (e) {
      throw new ErrandError('COMMON__UNAVAILABLE', 'redis is unavailable for locks', { service: 'redis', reason: (e as Error).message }, { cause: e });
    }
  }

  acquire(key: string, owner: string, ttlMs: number): Promise<boolean> {
    return this.run(async () => (await this.redis.set(this.k(key), owner, 'PX', ttlMs, 'NX')) === 'OK');
  }

  extend(key: string, owner: string, ttlMs: number): Promise<boolean> {
    return this.run(async () => (await this.redis.eval(EXTEND, 1, this.k(key), owner, String(ttlMs))) === 1);
  }

  release(key: string, owner: string): Promise<boolean> {
    return this.run(async () => (await this.redis.eval(RELEASE, 1, this.k(key), owner)) === 1);
  }
}
