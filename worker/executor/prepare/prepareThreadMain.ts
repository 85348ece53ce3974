/**
 * Entry of a preparation thread: instruments and compiles modules (and transpiles components) off
 * the Executor's thread, under the thread's heap limit, while the Executor holds the deadline.
 * An allocation failure while preparing is reported as memory_limit; any other unexpected error
 * as a crashed preparation (neither is cached: they are not properties of the bytes).
 */
import { parentPort } from 'node:worker_threads';
import { isErrandError } from '../../../common/errors/index.ts';
import { failed, type Prepared } from './Prepared.ts';
import { prepareComponent } from './prepareComponent.ts';
import { prepareModule } from './prepareModule.ts';
import type { PrepareJob, PrepareReply } from './prepareProtocol.ts';

if (!parentPort) throw new Error('prepareThreadMain must run in a worker thread');
const port = parentPort;

function unexpected(e: unknown): Prepared {
  const message = e instanceof Error ? e.message : String(e);
  if (e instanceof RangeError && /allocat|memory|array buffer/i.test(message)) {
    return { ...failed('memory_limit', 'EXECUTOR__PREPARE_OUT_OF_MEMORY', `preparing the module ran out of memory: ${message}`), transient: true };
  }
  const code = isErrandError(e) ? e.code : 'EXECUTOR__THREAD_CRASHED';
  return { ...failed('trap', code, `preparing the module failed: ${message}`), transient: true };
}

port.on('message', (job: PrepareJob) => {
  const pending = job.kind === 'module' ? prepareModule(job.bytes, job.memoryMb, job.metered) : prepareComponent(job.bytes, job.memoryMb, job.metered, job.key);
  pending.then(
    (prepared) => port.postMessage({ id: job.id, prepared } satisfies PrepareReply),
    (e: unknown) => port.postMessage({ id: job.id, prepared: unexpected(e) } satisfies PrepareReply),
  );
});
port.postMessage('ready');
