/** A Clock that moves only when told to: tests advance it past a lease instead of sleeping. */
import type { Clock } from './Clock.ts';

export class ManualClock implements Clock {
  private ms: number;

  constructor(start: Date = new Date()) {
    this.ms = start.getTime();
  }

  now(): Date {
    return new Date(this.ms);
  }

  /** Moves time forward by `ms` (never backward: a lease never un-expires). */
  advance(ms: number): void {
    if (!(ms >= 0)) throw new RangeError(`ManualClock.advance: ${ms} is not a forward step`);
    this.ms += ms;
  }
}
