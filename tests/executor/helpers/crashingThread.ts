/**
 * A pool thread entry that dies on request, for the pool's crash handling test: 'oom' allocates
 * until the thread's heap limit ends it, 'exit' exits the thread, anything else is echoed back.
 */
import { parentPort } from 'node:worker_threads';

if (!parentPort) throw new Error('crashingThread must run in a worker thread');
const port = parentPort;
const hoard: unknown[] = [];

port.on('message', (job: { id: number; what: string }) => {
  if (job.what === 'oom') {
    for (;;) hoard.push(new Array(100_000).fill(job.id));
  }
  if (job.what === 'exit') process.exit(3);
  port.postMessage({ id: job.id, echo: job.what });
});
port.postMessage('ready');
