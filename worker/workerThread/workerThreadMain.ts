/**
 * A worker in a thread of its own (`errand dev`): the same parts as `errand worker` (wireWorker),
 * its own executor pool, and the job runner's steps forwarded to the owner. Stops when told to,
 * with the grace it is given, then lets the thread end.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { createLogger } from '../../common/logger.ts';
import { startWorker } from '../startWorker.ts';
import { wireWorker } from '../wireWorker.ts';
import type { FromWorkerThread, ToWorkerThread, WorkerThreadData } from './protocol.ts';

const port = parentPort!;
const data = workerData as WorkerThreadData;
const send = (m: FromWorkerThread): void => port.postMessage(m);
const log = createLogger({ service: 'worker', workerId: data.wiring.accountId });
log.level = data.logLevel;

const worker = startWorker(
  {
    ...wireWorker(data.wiring, log),
    ...(data.forwardSteps && { onStep: (step: string, detail: Record<string, unknown>) => send({ kind: 'step', step, detail }) }),
  },
  data.tuning,
);
port.on('message', (m: ToWorkerThread) => {
  if (m.op !== 'stop') return;
  void worker.stop(m.graceMs).finally(() => {
    send({ kind: 'stopped' });
    port.close();
  });
});
send({ kind: 'started' });
