/**
 * Keeps the leases of the jobs a worker holds alive with periodic heartbeats. A heartbeat the
 * coordinator refuses (409: the lease was taken over) aborts the work, so a worker that lost its
 * job stops instead of racing the new owner.
 */
import type { Logger } from '../../common/logger.ts';
import { isErrandError } from '../../common/errors/index.ts';
import type { CoordinatorPort } from './CoordinatorPort.ts';

export interface LeaseKeeperOptions {
  /** Added to every line this keeper logs (e.g. the request id). */
  logged?: Record<string, unknown>;
  /** The keeper's signal also aborts when this one does, until stop() (one controller per claim
   * instead of AbortSignal.any over a long-lived signal). */
  parent?: AbortSignal;
}

export class LeaseKeeper {
  private readonly timer: NodeJS.Timeout;
  private readonly lost = new AbortController();
  private readonly jobs = new Set<string>();
  private readonly logged: Record<string, unknown>;
  private readonly parent: AbortSignal | undefined;
  private readonly onParentAbort = (): void => this.lost.abort(this.parent?.reason);

  constructor(
    private readonly coordinator: CoordinatorPort,
    intervalMs: number,
    private readonly log: Logger,
    opts: LeaseKeeperOptions = {},
  ) {
    this.logged = opts.logged ?? {};
    this.parent = opts.parent;
    if (this.parent?.aborted) this.onParentAbort();
    else this.parent?.addEventListener('abort', this.onParentAbort, { once: true });
    this.timer = setInterval(() => void this.beat(), intervalMs);
    this.timer.unref();
  }

  /** Aborts when a lease is lost, or when the parent signal aborts (until stop()). */
  get signal(): AbortSignal {
    return this.lost.signal;
  }

  hold(jobId: string): void {
    this.jobs.add(jobId);
  }

  private stopped = false;

  stop(): void {
    this.stopped = true;
    this.parent?.removeEventListener('abort', this.onParentAbort);
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
