/** Wake-ups within one process (no REDIS_URL): enough for a single coordinator. */
import { LocalWaiters, type WakeBus, type Waiter } from './WakeBus.ts';

export class InProcessWakeBus implements WakeBus {
  readonly kind = 'in-process' as const;
  private readonly local = new LocalWaiters();

  async publish(topic: string): Promise<void> {
    this.local.notify(topic);
  }

  waiter(topic: string): Waiter {
    return this.local.waiter(topic);
  }

  healthy(): boolean {
    return true;
  }

  async close(): Promise<void> {}
}
