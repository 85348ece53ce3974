/**
 * The time that leases and locks are measured against. The coordinator's claim, heartbeat, sweep,
 * fencing and lock statements take `now` as a parameter from a Clock instead of reading `now()` in
 * SQL (as graphile-worker's `get_job` takes `now timestamptz`), so a test moves time forward with a
 * ManualClock instead of sleeping past a lease.
 *
 * Not promised: agreement between coordinators on different hosts beyond their clocks' skew. A
 * lease is many heartbeat periods long (the worker heartbeats every third of it), so a skew of
 * seconds shortens or lengthens a lease by that much and never hands a live job to two workers
 * at once: every completion is fenced on the owner as well as on the lease.
 */
export interface Clock {
  now(): Date;
}

/** The host's wall clock: the default everywhere outside tests. */
export const systemClock: Clock = { now: () => new Date() };
