/**
 * Entry of a pool thread (loaded through common/threads/startTsThread): runs jobs posted by the Executor one at a
 * time and posts each result back. The thread is reused across runs; the Executor terminates it
 * at a run's deadline and starts a fresh one.
 */
import { parentPort } from 'node:worker_threads';
import { toErrandError } from '../../../common/errors/index.ts';
import type { ThreadJob, ThreadReply } from './protocol.ts';
import { runComponentJob } from './runComponentJob.ts';
import { runModuleJob } from './runModuleJob.ts';

if (!parentPort) throw new Error('threadMain must run in a worker thread');
const port = parentPort;

port.on('message', (job: ThreadJob) => {
  if (job.kind === 'module') {
    port.postMessage({ id: job.id, result: runModuleJob(job) } satisfies ThreadReply);
    return;
  }
  runComponentJob(job).then(
    (result) => port.postMessage({ id: job.id, result } satisfies ThreadReply),
    (e: unknown) => {
      const err = toErrandError(e);
      port.postMessage({
        id: job.id,
        result: {
          status: 'trap',
          exitCode: null,
          fuelUsed: 0,
          timeMs: 0,
          stdout: '',
          stderr: '',
          stdoutTruncated: false,
          stderrTruncated: false,
          error: { code: err.code, message: err.message },
        },
      } satisfies ThreadReply);
    },
  );
});
port.postMessage('ready');
