/**
 * Keeps the leases of the jobs a worker holds alive with periodic heartbeats. A heartbeat the
 * coordinator refuses (409: the lease was taken over) aborts the work, so a worker that lost its
 * job stops instead of racing the new owner.
 */
import type { Logger } from '../../common/logger.ts';
import { isErrandError } from '../../common/errors/index.ts';
import type { CoordinatorPort } from './CoordinatorPort.ts';

export class LeaseKeeper {
  private readonly timer: NodeJS.Timeout;
  private readonly lost = new AbortController();
  private readonly jobs = new Set<string>();

  constructor(
    private readonly coordinator: CoordinatorPort,
    intervalMs: number,
    private readonly log: Logger,
    /** Added to every line this keeper logs (e.g. the request id). */
    private readonly logged: Record<string, unknown> = {},
  ) {
    this.timer = setInterval(() => void this.beat(), intervalMs);
    this.timer.unref();
  }

  /** Aborts when a lease is lost. */
  get signal(): AbortSignal {
    return this.lost.signal;
  }

  hold(jobId: string): void {
    this.jobs.add(jobId);
  }

  private stopped = false;

  stop(): void {
    this.stopped = true;
    clearInterval(this.timer);
    this.jobs.clear();
  }

  private async beat(): Promise<void> {
    for (const jobId of this.jobs) {
      try {
        await this.coordinator.heartbeat(jobId, AbortSignal.timeout(5_000));
      } catch (e) {
        // A refusal that arrives after stop() answers a job that has just completed.
        if (this.stopped) return;
        if (isErrandError(e, 'COORDINATOR__LEASE_LOST')) {
          this.log.warn({ ...this.logged, jobId }, 'lease lost; abandoning the job');
          this.lost.abort(e);
          return;
        }
        // A missed heartbeat is not fatal: the lease has slack for a few of them.
        this.log.warn({ ...this.logged, jobId, err: e }, 'heartbeat failed');
      }
    }
  }
}
