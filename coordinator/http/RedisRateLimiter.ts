/**
 * Token buckets in Redis, shared by every coordinator of a deployment: one Lua script reads,
 * refills and takes from all the buckets of a call atomically, on Redis's own clock (TIME), so
 * coordinators on hosts whose clocks disagree still share one rate. Buckets expire once they
 * would be full again.
 *
 * Redis down: this process's own buckets take over (each coordinator then allows the configured
 * rate by itself, as before Redis) rather than refusing every call or letting every call through.
 */
import type { Redis } from 'ioredis';
import type { Logger } from '../../common/logger.ts';
import { LocalRateLimiter, type Bucket, type RateLimiter } from './RateLimiter.ts';

// KEYS: the buckets; ARGV: rate per second and burst of each, in order. Returns the wait in ms.
const TAKE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local tokens = {}
local wait = 0
for i = 1, #KEYS do
  local rate, burst = tonumber(ARGV[2 * i - 1]), tonumber(ARGV[2 * i])
  local v = redis.call('HMGET', KEYS[i], 'tokens', 'at')
  local n, at = tonumber(v[1]), tonumber(v[2])
  if n == nil or at == nil then n = burst; at = now end
  n = math.min(burst, n + math.max(0, now - at) * rate / 1000)
  tokens[i] = n
  if n < 1 then wait = math.max(wait, math.ceil((1 - n) * 1000 / rate)) end
end
for i = 1, #KEYS do
  local rate, burst = tonumber(ARGV[2 * i - 1]), tonumber(ARGV[2 * i])
  local n = tokens[i]
  if wait == 0 then n = n - 1 end
  redis.call('HSET', KEYS[i], 'tokens', tostring(n), 'at', tostring(now))
  redis.call('PEXPIRE', KEYS[i], math.ceil(burst * 1000 / rate) + 1000)
end
return wait`;

interface TakeCommand {
  errandTakeTokens(numKeys: number, ...args: string[]): Promise<number>;
}

export class RedisRateLimiter implements RateLimiter {
  readonly kind = 'redis' as const;
  private readonly local = new LocalRateLimiter();
  private readonly takeTokens: TakeCommand['errandTakeTokens'];
  private lastWarn = 0;

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly log?: Logger,
  ) {
    // defineCommand: EVALSHA, with the script sent again only when Redis does not know it.
    const withTake = redis as unknown as Partial<TakeCommand>;
    if (!withTake.errandTakeTokens) redis.defineCommand('errandTakeTokens', { lua: TAKE });
    this.takeTokens = (redis as unknown as TakeCommand).errandTakeTokens.bind(redis);
  }

  async take(buckets: Bucket[]): Promise<number> {
    if (this.redis.status !== 'ready') return this.local.take(buckets);
    const args: string[] = buckets.map((b) => `${this.prefix}rate:${b.key}`);
    for (const b of buckets) args.push(String(b.ratePerS), String(b.burst));
    try {
      return Number(await this.takeTokens(buckets.length, ...args));
    } catch (err) {
      if (Date.now() - this.lastWarn > 5_000) {
        this.lastWarn = Date.now();
        this.log?.warn({ err }, 'redis rate limiter failed; limiting in this process until it is back');
      }
      return this.local.take(buckets);
    }
  }
}
