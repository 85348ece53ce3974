/**
 * A worker running in a worker thread of its own: in `errand dev` each worker gets its own event
 * loop (as each `errand worker` is its own process in production), so its claims, runs and resolve
 * transactions do not queue behind the coordinator's work. Implements RunningWorker: `stop` gives
 * work in flight its grace inside the thread, then the thread ends.
 */
import type { Worker } from 'node:worker_threads';
import { trackResource } from '../../common/testing/leaks.ts';
import { startTsThread, threadReady } from '../../common/threads/startTsThread.ts';
import { ErrandError } from '../../common/errors/index.ts';
import type { Logger } from '../../common/logger.ts';
import type { RunnerDeps } from '../loop/JobRunner.ts';
import type { RunningWorker, WorkerTuning } from '../startWorker.ts';
import type { WorkerWiring } from '../wireWorker.ts';
import type { FromWorkerThread, ToWorkerThread, WorkerThreadData } from './protocol.ts';

const ENTRY = new URL('./workerThreadMain.ts', import.meta.url);
/** How long past its grace a stopping worker thread may take before it is terminated. */
const STOP_MARGIN_MS = 5_000;

export interface WorkerThreadOptions {
  wiring: WorkerWiring;
  tuning?: Partial<WorkerTuning>;
  log: Logger;
  onStep?: RunnerDeps['onStep'];
}

export class WorkerThread implements RunningWorker {
  private readonly exited: Promise<void>;
  private stopping: Promise<void> | null = null;

  private constructor(
    private readonly thread: Worker,
    private readonly log: Logger,
    private readonly untrack: () => void,
  ) {
    this.exited = new Promise((resolve) => thread.once('exit', () => resolve()));
    thread.on('error', (err) => log.error({ err }, 'worker thread failed'));
  }

  /** Starts the thread; resolves once its job loop runs. */
  static async start(o: WorkerThreadOptions): Promise<WorkerThread> {
    const data: WorkerThreadData = { wiring: o.wiring, tuning: o.tuning ?? {}, logLevel: o.log.level, forwardSteps: Boolean(o.onStep) };
    const thread = startTsThread(ENTRY, { workerData: data });
    const untrack = trackResource(`worker thread ${o.wiring.accountId}`);
    thread.on('message', (m: FromWorkerThread) => {
      if (m.kind === 'step') o.onStep?.(m.step, m.detail);
    });
    try {
      await threadReady(
        thread,
        (m: FromWorkerThread) => (m.kind === 'started' ? true : undefined),
        (reason) =>
          new ErrandError('COMMON__UNAVAILABLE', `worker thread ${o.wiring.accountId} stopped while starting: ${reason}`, { service: 'worker thread', reason }),
      );
    } catch (e) {
      untrack();
      throw e;
    }
    return new WorkerThread(thread, o.log, untrack);
  }

  stop(graceMs?: number): Promise<void> {
    this.stopping ??= this.stopThread(graceMs);
    return this.stopping;
  }

  private async stopThread(graceMs?: number): Promise<void> {
    this.thread.postMessage({ op: 'stop', graceMs } satisfies ToWorkerThread);
    const limit = (graceMs ?? 30_000) + STOP_MARGIN_MS;
    let timer: NodeJS.Timeout | undefined;
    const timedOut = await Promise.race([this.exited.then(() => false), new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(true), limit)))]);
    clearTimeout(timer);
    if (timedOut) this.log.warn({ limitMs: limit }, 'worker thread did not stop in time: terminated');
    await this.thread.terminate();
    this.untrack();
  }
}
