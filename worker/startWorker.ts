/**
 * Assembles a worker from its parts: the coordinator port, the module builder (sandboxed compile),
 * the executor, the secrets provider and the chain submitter, and starts the job loop. Used by
 * `errand worker`, `errand dev` and the end-to-end tests; the caller chooses the concrete parts.
 */
import { createLogger, type Logger } from '../common/logger.ts';
import { trackResource } from '../common/testing/leaks.ts';
import type { ResolveSubmitter, SecretsProvider } from '../common/ports/index.ts';
import { Executor } from './executor/index.ts';
import type { CoordinatorPort } from './loop/CoordinatorPort.ts';
import { JobLoop } from './loop/JobLoop.ts';
import type { RunnerDeps } from './loop/JobRunner.ts';
import type { ModuleBuilder } from './loop/ModuleBuilder.ts';
import { BoundedModuleBuilder } from './loop/BoundedModuleBuilder.ts';
import { ModuleCache } from './loop/ModuleCache.ts';

export interface WorkerParts {
  coordinator: CoordinatorPort;
  builder: ModuleBuilder;
  secrets: SecretsProvider;
  submitter: ResolveSubmitter;
  /** An executor to share (its owner closes it); otherwise one is created and closed here. */
  executor?: Executor;
  log?: Logger;
  onStep?: RunnerDeps['onStep'];
}

export interface WorkerTuning {
  /** Claims in flight at once (lanes). Most of a lane's time is spent waiting on the network (above
   * all for the chain to execute its resolve transaction: a block or two), so lanes are many;
   * executions are bounded by the executor's threads and builds by maxConcurrentBuilds. */
  concurrency: number;
  /** Builds (sandboxed compiles) at once: each takes a core and much memory. */
  maxConcurrentBuilds: number;
  executorThreads: number;
  pollWaitMs: number;
  heartbeatMs: number;
  lockTtlMs: number;
  graceMs: number;
  moduleCacheBytes: number;
  /** Development mode: run `file://` sources (see RunnerDeps.allowFileSources). */
  allowFileSources: boolean;
}

export const DEFAULT_WORKER_TUNING: WorkerTuning = {
  concurrency: 16,
  maxConcurrentBuilds: 1,
  executorThreads: 2,
  pollWaitMs: 20_000,
  heartbeatMs: 5_000,
  lockTtlMs: 30_000,
  graceMs: 30_000,
  moduleCacheBytes: 256 * 1024 * 1024,
  allowFileSources: false,
};

export interface RunningWorker {
  /** Stops claiming, lets work in flight finish within the grace period, then hands the rest back. */
  stop(graceMs?: number): Promise<void>;
}

export function startWorker(parts: WorkerParts, tuning: Partial<WorkerTuning> = {}): RunningWorker {
  const t = { ...DEFAULT_WORKER_TUNING, ...tuning };
  const log = parts.log ?? createLogger({ service: 'worker' });
  const untrack = trackResource('worker');
  const ownsExecutor = !parts.executor;
  // allowFileSources is this worker's development mode (ERRAND_DEV_MODE, `errand dev`): it also lets
  // a program's HTTP reach plain http:// and loopback servers (worker/executor/http/).
  const executor = parts.executor ?? new Executor({ threads: t.executorThreads, http: { devMode: t.allowFileSources } });
  const loop = new JobLoop(
    {
      coordinator: parts.coordinator,
      builder: new BoundedModuleBuilder(parts.builder, t.maxConcurrentBuilds),
      modules: new ModuleCache(t.moduleCacheBytes),
      log,
      lockTtlMs: t.lockTtlMs,
      waitPollMs: 200,
      inFlight: new Map(),
      executor,
      secrets: parts.secrets,
      submitter: parts.submitter,
      heartbeatMs: t.heartbeatMs,
      allowFileSources: t.allowFileSources,
      onStep: parts.onStep,
    },
    { concurrency: t.concurrency, pollTimeoutMs: t.pollWaitMs, graceMs: t.graceMs },
  );
  loop.start();
  const { capabilities } = parts.builder;
  if (capabilities && parts.coordinator.advertise) {
    // Best effort: a worker that could not advertise still works; the coordinator then just does not know.
    parts.coordinator.advertise({ ...capabilities }, AbortSignal.timeout(10_000)).then(
      () => log.info({ capabilities }, 'advertised build capabilities'),
      (err: unknown) => log.warn({ err }, 'could not advertise build capabilities'),
    );
  }
  let stopped: Promise<void> | undefined;
  return {
    stop(graceMs?: number) {
      stopped ??= (async () => {
        try {
          await loop.stop(graceMs);
          if (ownsExecutor) await executor.close();
        } finally {
          untrack();
        }
      })();
      return stopped;
    },
  };
}
