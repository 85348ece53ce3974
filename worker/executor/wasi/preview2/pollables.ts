/**
 * wasi:io/poll for a host whose only waits are on clocks: stdio streams are always ready (stdin is
 * a buffer, outputs are captured), and a clock pollable is ready once the run's clock reaches its
 * deadline. Blocking on a clock advances the clock (virtually in deterministic mode).
 */
import type { HostClock } from '../../determinism/HostClock.ts';
import { HOST_CALL_FUEL } from '../../instrument/costModel.ts';
import type { HostMeter } from '../HostMeter.ts';

export class Pollable {
  constructor(
    private readonly clock: HostClock | undefined,
    /** Monotonic deadline in ns; undefined means always ready. */
    readonly deadlineNs: bigint | undefined,
    /** Charges the guest's calls of ready/block (poll charges per pollable itself). */
    private readonly meter?: HostMeter,
  ) {}

  ready(): boolean {
    this.meter?.charge(HOST_CALL_FUEL);
    return this.isReady();
  }

  isReady(): boolean {
    return this.deadlineNs === undefined || !this.clock || this.clock.monotonicNs() >= this.deadlineNs;
  }

  block(): void {
    this.meter?.charge(HOST_CALL_FUEL);
    this.sleep();
  }

  sleep(): void {
    if (this.deadlineNs !== undefined && this.clock) this.clock.sleepUntil(this.deadlineNs);
  }
}

export const alwaysReady = (meter?: HostMeter): Pollable => new Pollable(undefined, undefined, meter);

/** Indices of the ready pollables; if none is ready, waits for the earliest deadline first. */
export function poll(list: Pollable[]): Uint32Array {
  if (list.length === 0) throw new RangeError('poll needs at least one pollable');
  let ready = list.flatMap((p, i) => (p.isReady() ? [i] : []));
  if (ready.length === 0) {
    let earliest = 0;
    list.forEach((p, i) => {
      if ((p.deadlineNs ?? 0n) < (list[earliest].deadlineNs ?? 0n)) earliest = i;
    });
    list[earliest].sleep();
    ready = [earliest];
  }
  return Uint32Array.from(ready);
}
