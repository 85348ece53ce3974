/**
 * Wake-ups over Redis pub/sub, so a request recorded by one coordinator wakes workers long-polling
 * another. This process's own waiters are woken at once, without the round trip through Redis, and
 * the echo of its own message is ignored (each bus tags what it publishes with a random id).
 * Publishing when Redis is down still wakes this process; the other coordinators' pollers find the
 * work on their fallback database poll. Nothing is stored in Redis.
 */
import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Logger } from '../../common/logger.ts';
import { LocalWaiters, type WakeBus, type Waiter } from './WakeBus.ts';

export class RedisWakeBus implements WakeBus {
  readonly kind = 'redis' as const;
  private readonly local = new LocalWaiters();
  private readonly channelPrefix: string;
  /** Payload of this bus's messages: lets the subscriber skip its own echo. */
  private readonly origin = randomBytes(8).toString('hex');

  /** `publisher` and `subscriber` are dedicated connections; the bus closes neither. */
  constructor(
    private readonly publisher: Redis,
    private readonly subscriber: Redis,
    prefix: string,
    private readonly log?: Logger,
  ) {
    this.channelPrefix = `${prefix}wake:`;
    subscriber.on('pmessage', (_pattern: string, channel: string, message: string) => {
      if (message !== this.origin && channel.startsWith(this.channelPrefix)) this.local.notify(channel.slice(this.channelPrefix.length));
    });
  }

  /** Subscribes (ioredis re-subscribes by itself after a reconnect). */
  async start(): Promise<void> {
    await this.subscriber.psubscribe(`${this.channelPrefix}*`);
  }

  async publish(topic: string): Promise<void> {
    this.local.notify(topic);
    if (this.publisher.status !== 'ready') return;
    try {
      await this.publisher.publish(this.channelPrefix + topic, this.origin);
    } catch (err) {
      this.log?.warn({ err }, 'redis publish failed; woke this process only');
    }
  }

  waiter(topic: string): Waiter {
    return this.local.waiter(topic);
  }

  healthy(): boolean {
    return this.publisher.status === 'ready' && this.subscriber.status === 'ready';
  }

  async close(): Promise<void> {}
}
