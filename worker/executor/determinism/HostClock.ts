/**
 * The clocks a guest sees, for both WASI preview 1 and preview 2. In deterministic mode
 * (VirtualClock) time is a pure function of the run: a fixed start, a fixed step per clock read,
 * 1 ns per unit of fuel already executed, plus whatever the guest "slept" (sleeping is virtual and
 * instant). So a busy-wait on the clock terminates, and two runs read identical timestamps.
 * RealClock is the opt-out (`nondeterministic: true`): host time and real sleeps.
 */
export interface HostClock {
  /** Wall-clock time, ns since the Unix epoch. */
  realtimeNs(): bigint;
  /** Monotonic time, ns since an arbitrary fixed point. */
  monotonicNs(): bigint;
  readonly resolutionNs: bigint;
  /** Blocks (or pretends to) until monotonicNs() >= deadlineNs. */
  sleepUntil(deadlineNs: bigint): void;
}

/** Every clock read advances virtual time by this much, so successive reads strictly increase. */
export const VIRTUAL_TICK_NS = 1_000n;
/** Virtual nanoseconds charged per instruction executed (a 1 GHz, one-instruction-per-cycle machine). */
export const VIRTUAL_NS_PER_FUEL = 1n;

export class VirtualClock implements HostClock {
  readonly resolutionNs = VIRTUAL_TICK_NS;
  private ticks = 0n;
  private sleptNs = 0n;

  constructor(
    private readonly startRealtimeNs: bigint,
    private readonly fuelUsedSoFar: () => bigint,
  ) {}

  private elapsedNs(): bigint {
    return this.ticks * VIRTUAL_TICK_NS + this.fuelUsedSoFar() * VIRTUAL_NS_PER_FUEL + this.sleptNs;
  }

  realtimeNs(): bigint {
    this.ticks += 1n;
    return this.startRealtimeNs + this.elapsedNs();
  }

  monotonicNs(): bigint {
    this.ticks += 1n;
    return this.elapsedNs();
  }

  sleepUntil(deadlineNs: bigint): void {
    const now = this.elapsedNs();
    if (deadlineNs > now) this.sleptNs += deadlineNs - now;
  }
}

export class RealClock implements HostClock {
  readonly resolutionNs = 1_000n;
  private readonly waitCell = new Int32Array(new SharedArrayBuffer(4));

  realtimeNs(): bigint {
    return BigInt(Math.round((performance.timeOrigin + performance.now()) * 1e6));
  }

  monotonicNs(): bigint {
    return process.hrtime.bigint();
  }

  sleepUntil(deadlineNs: bigint): void {
    // Blocking is fine: this runs in a dedicated worker thread that the deadline terminates.
    const remainingMs = Number(deadlineNs - this.monotonicNs()) / 1e6;
    if (remainingMs > 0) Atomics.wait(this.waitCell, 0, 0, remainingMs);
  }
}
