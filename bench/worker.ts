/**
 * Worker benchmark: the overhead the job loop adds between a claim and the start of execution, for
 * a cached module and a trivial program (the hand-assembled empty WASI command, so no toolchain).
 * Runs the REAL job loop (startWorker: HttpCoordinatorPort, LeaseKeeper, ModuleCache, the real
 * Executor) against a REAL coordinator (startCoordinator over HTTP; DATABASE_URL / REDIS_URL when
 * set, else PGlite and in-process wake-ups). Only the chain is replaced: resolutions are recorded.
 *
 * Definition, per request (requests are sent one at a time, so nothing queues):
 *  - claim arrives: the worker's poll returned the claim (the loop's `claimed` step, emitted the
 *    moment CoordinatorPort.nextWork resolves);
 *  - execution starts: the loop calls Executor.run() (a wrapping executor timestamps the call
 *    before handing it to the real one).
 *  cached_claim_to_start = execution start - claim arrives. The module is `[execute]`-only (a
 *  wasm_url source whose sha256 is in the coordinator's cache); the first, unmeasured requests warm
 *  the worker's module cache and the executor's prepared-module cache.
 * Also printed (not the headline): request recorded -> claim arrives (wake-up + claim statement +
 * HTTP), and execution start -> resolve (the executor's run of the trivial program).
 * Last line: `bench worker: cached_claim_to_start_p50_ms=T`.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { startCoordinator } from '../coordinator/startCoordinator.ts';
import { CoordinatorClient } from '../coordinator/client/CoordinatorClient.ts';
import { randomSchemaName } from '../coordinator/db/schemaName.ts';
import { createLogger } from '../common/logger.ts';
import type { ResolveOutcome, ResolveSubmitter, SecretsProvider } from '../common/ports/index.ts';
import { parseSha256Hex, type ExecutionRequest, type ExecutionResult } from '../common/types/index.ts';
import { ErrandError } from '../common/errors/index.ts';
import { Executor } from '../worker/executor/index.ts';
import { HttpCoordinatorPort } from '../worker/loop/HttpCoordinatorPort.ts';
import type { RunOptions } from '../worker/executor/RunOptions.ts';
import type { ModuleBuilder } from '../worker/loop/ModuleBuilder.ts';
import { startWorker } from '../worker/startWorker.ts';
import { TRIVIAL_COMMAND } from './programs/trivialCommand.ts';
import { dropSchema } from '../coordinator/db/dropSchema.ts';

const WARMUP = 10;
const SAMPLES = Number(process.env.BENCH_WORKER_SAMPLES ?? 200);

const percentile = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
};
const ms = (x: number): string => x.toFixed(2);
const loadAverage = async (): Promise<string> => (await readFile('/proc/loadavg', 'utf8').catch(() => '? ? ?')).split(' ').slice(0, 3).join(' ');

/** Cached claims never compile: a builder that is called means the benchmark measured the wrong path. */
const noBuilds: ModuleBuilder = {
  pin: async (source) => source,
  build: () => Promise.reject(new ErrandError('COMMON__UNFINISHED', 'bench worker: a cached claim asked for a compile', { feature: 'bench compile' })),
};
const noSecrets: SecretsProvider = { fetchSecrets: async () => ({}) };

export async function main(): Promise<void> {
  const log = createLogger({ service: 'bench-worker' });
  if (!process.env.LOG_LEVEL) log.level = 'warn';
  const databaseUrl = process.env.DATABASE_URL;
  const schema = databaseUrl ? randomSchemaName('bench_worker') : 'public';
  const coordinator = await startCoordinator(
    { PORT: 0, DATABASE_URL: databaseUrl, DB_SCHEMA: schema, REDIS_URL: process.env.REDIS_URL, REDIS_PREFIX: `errand-bench-worker:${schema}:` },
    { log },
  );
  const startedAt = new Map<string, number>();
  // The request's input is its id, so the timed executor can tell runs apart.
  class TimedExecutor extends Executor {
    override run(wasm: Uint8Array, options: RunOptions): Promise<ExecutionResult> {
      startedAt.set(String(options.input ?? ''), performance.now());
      return super.run(wasm, options);
    }
  }
  const executor = new TimedExecutor({ threads: 2 });
  const claimedAt = new Map<string, number>();
  const resolvedAt = new Map<string, number>();
  const recordedAt = new Map<string, number>();
  const waiters = new Map<string, () => void>();
  try {
    const admin = new CoordinatorClient({ baseUrl: coordinator.url, token: coordinator.adminToken });
    const reg = await admin.registerWorker({ workerId: 'bench-worker' });
    const workerClient = admin.withToken(reg.token);
    const sha256 = parseSha256Hex(createHash('sha256').update(TRIVIAL_COMMAND).digest('hex'));
    await workerClient.uploadWasm(sha256, TRIVIAL_COMMAND);

    const submitter: ResolveSubmitter = {
      async resolve(ref): Promise<ResolveOutcome> {
        resolvedAt.set(ref.requestId, performance.now());
        waiters.get(ref.requestId)?.();
        return { txHash: `bench-${ref.requestId}`, alreadyResolved: false };
      },
    };
    const worker = startWorker(
      {
        coordinator: new HttpCoordinatorPort(workerClient),
        builder: noBuilds,
        secrets: noSecrets,
        submitter,
        executor,
        log,
        onStep: (step, detail) => {
          if (step === 'claimed') claimedAt.set(String(detail['requestId']), performance.now());
        },
      },
      { pollWaitMs: 5_000 },
    );
    try {
      const request = (i: number): ExecutionRequest => ({
        chain: 'near',
        contractId: 'bench.test',
        requestId: `r${i}`,
        senderId: 'alice.test',
        payerId: 'alice.test',
        source: { kind: 'wasm_url', url: 'http://127.0.0.1:9/trivial.wasm', sha256 },
        input: `r${i}`,
        limits: { maxInstructions: 1_000_000, maxMemoryMb: 16, maxExecutionMs: 2_000, maxCompileMs: 60_000 },
        responseFormat: 'text',
        deposit: '1',
        blockHeight: i,
      });
      for (let i = 1; i <= WARMUP + SAMPLES; i++) {
        const id = `r${i}`;
        const done = new Promise<void>((resolve, reject) => {
          const timer = setTimeout(() => reject(new Error(`bench worker: request ${id} not resolved in 10 s`)), 10_000);
          waiters.set(id, () => {
            clearTimeout(timer);
            resolve();
          });
        });
        recordedAt.set(id, performance.now());
        await admin.createRequest(request(i));
        await done;
      }
    } finally {
      await worker.stop(2_000);
    }

    const measured = Array.from({ length: SAMPLES }, (_, k) => `r${WARMUP + k + 1}`);
    const claimToStart = measured.map((id) => startedAt.get(id)! - claimedAt.get(id)!);
    const recordToClaim = measured.map((id) => claimedAt.get(id)! - recordedAt.get(id)!);
    const startToResolve = measured.map((id) => resolvedAt.get(id)! - startedAt.get(id)!);
    const row = (name: string, xs: number[]) =>
      console.log(`${name.padEnd(34)} p50 ${ms(percentile(xs, 50))} ms  p95 ${ms(percentile(xs, 95))} ms  max ${ms(Math.max(...xs))} ms`);
    console.log(
      `worker bench: ${SAMPLES} cached requests one at a time (after ${WARMUP} warm-up), db=${databaseUrl ? 'postgres' : 'pglite'} wake=${process.env.REDIS_URL ? 'redis' : 'in-process'}`,
    );
    console.log("definition: claim arrives = the loop's poll returned the claim; execution start = Executor.run() called");
    row('claim arrives -> execution start', claimToStart);
    row('request recorded -> claim arrives', recordToClaim);
    row('execution start -> resolve', startToResolve);
    console.log(`load average: ${await loadAverage()}`);
    console.log(`bench worker: cached_claim_to_start_p50_ms=${ms(percentile(claimToStart, 50))}`);
  } finally {
    await executor.close();
    await coordinator.close();
    if (databaseUrl) await dropSchema(databaseUrl, schema);
  }
}
