/**
 * The worker's main loop: wait for work, claim it, run it, repeat, with `concurrency` claims in
 * flight. stop() stops claiming; claims in flight get `graceMs` to finish, then are aborted and
 * handed back (their leases would return them anyway if this process died instead).
 */
import { setMaxListeners } from 'node:events';
import type { Logger } from '../../common/logger.ts';
import { toErrandError } from '../../common/errors/index.ts';
import { retry } from '../../common/retry.ts';
import { RETRY_POLICIES } from '../../common/retryPolicies.ts';
import { runClaim, type RunnerDeps } from './JobRunner.ts';

export interface JobLoopOptions {
  concurrency: number;
  pollTimeoutMs: number;
  graceMs: number;
}

export class JobLoop {
  private readonly stopClaiming = new AbortController();
  private readonly abortWork = new AbortController();
  private readonly lanes: Promise<void>[] = [];
  private running = false;

  constructor(
    private readonly deps: RunnerDeps,
    private readonly options: JobLoopOptions,
    private readonly log: Logger = deps.log,
  ) {
    // Every lane listens to both signals while it polls or runs a claim (its HTTP call's time limit,
    // its lease keeper): with 16 lanes that is past Node's default of 10 listeners, and every start
    // printed a MaxListenersExceededWarning. The bound is the lanes' own, so a real leak still warns.
    setMaxListeners(Math.max(10, options.concurrency * 4), this.stopClaiming.signal, this.abortWork.signal);
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    for (let i = 0; i < this.options.concurrency; i++) this.lanes.push(this.lane(i));
  }

  /** Stops claiming; waits up to graceMs for claims in flight, then aborts them. */
  async stop(graceMs = this.options.graceMs): Promise<void> {
    this.stopClaiming.abort();
    const timer = setTimeout(() => this.abortWork.abort(), graceMs);
    try {
      await Promise.all(this.lanes);
    } finally {
      clearTimeout(timer);
      this.running = false;
    }
  }

  private async lane(index: number): Promise<void> {
    const stop = this.stopClaiming.signal;
    const onRetry = (e: unknown): void => {
      const err = toErrandError(e);
      this.log.warn({ code: err.code, err: err.message, lane: index }, 'coordinator unreachable; backing off');
    };
    while (!stop.aborted) {
      // A failed turn (the coordinator unreachable, ...) is tried again after the policy's backoff,
      // which starts over after a turn that succeeds. retry() gives up only once stop has aborted.
      await retry(() => this.turn(index, stop), RETRY_POLICIES.coordinatorPoll, stop, { onRetry }).catch(() => undefined);
    }
  }

  /** Waits for work (up to the poll timeout), claims it and runs it. */
  private async turn(index: number, stop: AbortSignal): Promise<void> {
    const work = await this.deps.coordinator.nextWork(this.options.pollTimeoutMs, stop);
    if (!work) return;
    this.deps.onStep?.('claimed', { requestId: work.request.requestId, jobs: work.jobs.map((j) => j.type), lane: index });
    await runClaim(this.deps, work, this.abortWork.signal);
  }
}
