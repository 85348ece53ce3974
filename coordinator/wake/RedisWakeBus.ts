/**
 * Wake-ups over Redis pub/sub, so a request recorded by one coordinator wakes workers long-polling
 * another. Publishing when Redis is down falls back to waking this process only; the other
 * coordinators' pollers find the work on their fallback database poll. Nothing is stored in Redis.
 */
import type { Redis } from 'ioredis';
import type { Logger } from '../../common/logger.ts';
import { LocalWaiters, type WakeBus, type Waiter } from './WakeBus.ts';

export class RedisWakeBus implements WakeBus {
  readonly kind = 'redis' as const;
  private readonly local = new LocalWaiters();
  private readonly channelPrefix: string;

  /** `publisher` and `subscriber` are dedicated connections; the bus closes neither. */
  constructor(
    private readonly publisher: Redis,
    private readonly subscriber: Redis,
    prefix: string,
    private readonly log?: Logger,
  ) {
    this.channelPrefix = `${prefix}wake:`;
    subscriber.on('pmessage', (_pattern: string, channel: string) => {
      if (channel.startsWith(this.channelPrefix)) this.local.notify(channel.slice(this.channelPrefix.length));
    });
  }

  /** Subscribes (ioredis re-subscribes by itself after a reconnect). */
  async start(): Promise<void> {
    await this.subscriber.psubscribe(`${this.channelPrefix}*`);
  }

  async publish(topic: string): Promise<void> {
    if (this.publisher.status !== 'ready') {
      this.local.notify(topic);
      return;
    }
    try {
      await this.publisher.publish(this.channelPrefix + topic, '1');
    } catch (err) {
      this.log?.warn({ err }, 'redis publish failed; waking this process only');
      this.local.notify(topic);
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
