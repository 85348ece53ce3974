/**
 * Redis connections for the coordinator: a command connection (publish, locks) that fails fast
 * while Redis is down instead of queueing, and a subscriber connection. Both reconnect forever in
 * the background; errors are logged, never thrown at the process.
 */
import { Redis } from 'ioredis';
import { trackResource } from '../../common/testing/leaks.ts';
import type { Logger } from '../../common/logger.ts';

export interface RedisPair {
  command: Redis;
  subscriber: Redis;
  close(): Promise<void>;
}

function connect(url: string, role: string, log?: Logger): Redis {
  const r = new Redis(url, {
    lazyConnect: true,
    enableOfflineQueue: role === 'subscriber',
    maxRetriesPerRequest: 1,
    connectTimeout: 2000,
    retryStrategy: (times) => Math.min(50 * times, 1000),
  });
  let lastLog = 0;
  r.on('error', (err) => {
    if (Date.now() - lastLog > 5000) {
      lastLog = Date.now();
      log?.warn({ err: err.message, role }, 'redis connection error');
    }
  });
  return r;
}

export async function openRedis(url: string, log?: Logger): Promise<RedisPair> {
  const command = connect(url, 'command', log);
  const subscriber = connect(url, 'subscriber', log);
  const untrack = trackResource('coordinator redis connections');
  try {
    await Promise.all([command.connect(), subscriber.connect()]);
  } catch (e) {
    command.disconnect();
    subscriber.disconnect();
    untrack();
    throw e;
  }
  let closed = false;
  return {
    command,
    subscriber,
    async close() {
      if (closed) return;
      closed = true;
      await Promise.allSettled([command.quit(), subscriber.quit()]);
      command.disconnect();
      subscriber.disconnect();
      untrack();
    },
  };
}
