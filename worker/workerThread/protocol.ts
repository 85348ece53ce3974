/** Messages between a WorkerThread (in the owner's thread) and the worker running in its own. */
import type { WorkerTuning } from '../startWorker.ts';
import type { WorkerWiring } from '../wireWorker.ts';

export interface WorkerThreadData {
  wiring: WorkerWiring;
  tuning: Partial<WorkerTuning>;
  /** The owner's log level (pino), so a quiet owner gets a quiet worker. */
  logLevel: string;
  /** Forward the job runner's steps (claimed, compiled, executed, resolved...) to the owner. */
  forwardSteps: boolean;
}

export type ToWorkerThread = { op: 'stop'; graceMs?: number };

export type FromWorkerThread = { kind: 'started' } | { kind: 'step'; step: string; detail: Record<string, unknown> } | { kind: 'stopped' };
