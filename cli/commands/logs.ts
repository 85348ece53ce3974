/**
 * `errand logs ID [--follow]`: the build log of request ID (its compile job), as the worker
 * streamed it to the coordinator. With --follow, waits for the build to start and streams it live
 * until it ends. A request whose module was already cached has no build: that is said, exit 0.
 */
import { parseArgs } from 'node:util';
import { sleep } from '../../common/abort.ts';
import { ErrandError } from '../../common/errors/index.ts';
import type { JobRecord } from '../../coordinator/api/index.ts';
import { readRequestState, settled, type RequestState } from '../request/requestState.ts';
import { resolveTarget, TARGET_OPTIONS, TARGET_USAGE, type Target } from '../endpoint/resolveTarget.ts';

export const summary = 'print the build log of a request: logs ID [--follow]';
export const usage = `usage: errand logs ID [--follow] ${TARGET_USAGE}
  --follow   wait for the build to start and stream it until it ends
  Build logs live on the coordinator: on a real network give --coordinator URL --token T.`;

/** The compile job, waiting for one to appear when following (a claim creates it). */
async function buildJob(target: Target, id: string, follow: boolean, signal: AbortSignal): Promise<{ job: JobRecord | undefined; state: RequestState }> {
  for (;;) {
    const state = await readRequestState(target, id, signal);
    const job = state.jobs.find((j) => j.type === 'compile');
    const cachedRun = state.jobs.some((j) => j.type === 'execute') && !job;
    if (job || cachedRun || !follow || settled(state)) return { job, state };
    await sleep(200, signal);
  }
}

export async function run(argv: string[]): Promise<number> {
  const { values: v, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: { ...TARGET_OPTIONS, follow: { type: 'boolean', default: false } },
  });
  if (positionals.length !== 1) throw new ErrandError('COMMON__INVALID_ARGUMENT', 'expected exactly one request ID', { field: 'id' });
  const target = resolveTarget(v, false);
  const stop = new AbortController();
  const onSignal = (): void => stop.abort();
  process.once('SIGINT', onSignal);
  try {
    if (!target.coordinator)
      throw new ErrandError('COMMON__INVALID_ARGUMENT', 'build logs live on the coordinator: give --coordinator URL (and --token T)', { field: 'coordinator' });
    const { job, state } = await buildJob(target, positionals[0]!, v.follow, stop.signal);
    if (!job) {
      process.stderr.write(
        state.ledger
          ? `request #${state.requestId}: no build (the module was already cached, or no worker has claimed it yet)\n`
          : `request #${state.requestId}: not recorded by the coordinator yet\n`,
      );
      return 0;
    }
    for await (const entry of target.coordinator.streamLogs(job.id, { follow: v.follow, signal: stop.signal, timeoutMs: 15 * 60_000 })) {
      (entry.stream === 'stderr' ? process.stderr : process.stdout).write(entry.chunk);
    }
    return 0;
  } finally {
    process.off('SIGINT', onSignal);
    target.close();
  }
}
