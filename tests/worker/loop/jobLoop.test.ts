/**
 * The worker's job loop against a real coordinator (Postgres or PGlite, Redis or in-process), the
 * real bubblewrap compile path and the real executor. Only the chain is replaced, by a submitter
 * that records resolutions (the end-to-end tests resolve on the local chain).
 */
import assert from 'node:assert/strict';
import { startTestCoordinator, type TestCoordinator } from '../../coordinator/helpers/testCoordinator.ts';
import { Executor } from '../../../worker/executor/index.ts';
import { createSandbox, SandboxModuleBuilder } from '../../../worker/compile/index.ts';
import { HttpCoordinatorPort } from '../../../worker/loop/HttpCoordinatorPort.ts';
import { JobLoop } from '../../../worker/loop/JobLoop.ts';
import { ModuleCache } from '../../../worker/loop/ModuleCache.ts';
import type { RunnerExecutor } from '../../../worker/loop/JobRunner.ts';
import { startWorker, type RunningWorker } from '../../../worker/startWorker.ts';
import { createLogger } from '../../../common/logger.ts';
import { crashableForTests, CountingBuilder, gitRepoWith, gitRequest, noSecretsForTests, RecordingResolveSubmitter, UPPERCASE_C, waitFor } from './helpers.ts';
import { requireTools } from '../../setup/requireTools.ts';

describe('worker job loop', function () {
  before(async function () {
    await requireTools(this, ['bwrap', 'clang-14']);
  });
  this.timeout(180_000);
  let coord: TestCoordinator;
  let executor: Executor;
  const workers: RunningWorker[] = [];

  beforeEach(async () => {
    executor = new Executor({ threads: 2 });
  });

  afterEach(async () => {
    for (const w of workers.splice(0)) await w.stop(1_000);
    await executor.close();
    await coord?.close();
  });

  async function worker(submitter: RecordingResolveSubmitter, builder: CountingBuilder, id: string): Promise<void> {
    const { client } = await coord.worker(id);
    workers.push(
      startWorker(
        { coordinator: new HttpCoordinatorPort(client), builder, secrets: noSecretsForTests, submitter, executor },
        { concurrency: 5, pollWaitMs: 500, heartbeatMs: 1_000, lockTtlMs: 20_000, allowFileSources: true },
      ),
    );
  }

  it('ten concurrent requests for one uncached source: at most one compile per worker, ten executions, each resolved once', async () => {
    coord = await startTestCoordinator({ POLL_FALLBACK_MS: 100 });
    const repo = gitRepoWith({ 'main.c': UPPERCASE_C });
    for (let i = 1; i <= 10; i++) await coord.admin.createRequest(gitRequest(i, repo.url, `hello ${i}`));
    const submitter = new RecordingResolveSubmitter();
    const builder = new CountingBuilder(new SandboxModuleBuilder({ sandbox: createSandbox('bwrap') }));
    await worker(submitter, builder, 'w1');
    await worker(submitter, builder, 'w2');

    await waitFor('ten resolutions', async () => submitter.resolutions.length >= 10, 150_000);
    await waitFor('ten done requests', async () => (await coord.admin.listRequests({ status: 'done' })).length === 10 || undefined);
    // A build is shared only once an independent worker reproduced it (issue 12): each worker
    // builds at most once, its lanes reuse that build, and the second build makes it trusted.
    assert.ok(builder.builds >= 1 && builder.builds <= 2, `at most one compile per worker, got ${builder.builds}`);
    for (let i = 1; i <= 10; i++) {
      assert.equal(submitter.countFor(String(i)), 1, `request ${i} resolved once`);
      const { response } = submitter.resolutions.find((r) => r.ref.requestId === String(i))!;
      assert.equal(response.success, true);
      assert.deepEqual(response.output, { format: 'text', value: `HELLO ${i}` });
      assert.ok(response.resourcesUsed.instructions > 0, 'fuel was metered');
    }
  });

  it('a worker that dies mid-execute: the lease returns the job, another worker resolves it once', async () => {
    coord = await startTestCoordinator({ LEASE_MS: 1_500, SWEEP_INTERVAL_MS: 200, POLL_FALLBACK_MS: 100 });
    const repo = gitRepoWith({ 'main.c': UPPERCASE_C });
    await coord.admin.createRequest(gitRequest(1, repo.url, 'survive'));
    const submitter = new RecordingResolveSubmitter();
    const builder = new CountingBuilder(new SandboxModuleBuilder({ sandbox: createSandbox('bwrap') }));

    // The doomed worker heartbeats normally while it compiles; when its execution starts, the
    // process "dies": the execution never returns and every call it makes fails from then on.
    let markStarted!: () => void;
    const started = new Promise<void>((resolve) => (markStarted = resolve));
    const { client: doomedClient } = await coord.worker('doomed');
    const doomedPort = crashableForTests(new HttpCoordinatorPort(doomedClient));
    const hangingExecutorForTests: RunnerExecutor = {
      run: (_wasm, o) =>
        new Promise((_resolve, reject) => {
          doomedPort.crash();
          markStarted();
          o.signal.addEventListener('abort', () => reject(o.signal.reason), { once: true });
        }),
    };
    const doomed = new JobLoop(
      {
        coordinator: doomedPort,
        builder,
        modules: new ModuleCache(1 << 26),
        log: createLogger({ service: 'worker', workerId: 'doomed' }),
        lockTtlMs: 20_000,
        waitPollMs: 100,
        inFlight: new Map(),
        executor: hangingExecutorForTests,
        secrets: noSecretsForTests,
        submitter,
        heartbeatMs: 300,
        allowFileSources: true,
      },
      { concurrency: 1, pollTimeoutMs: 300, graceMs: 0 },
    );
    doomed.start();
    await started;

    await worker(submitter, builder, 'survivor');
    await waitFor('the survivor resolves', async () => submitter.resolutions.length >= 1, 60_000);
    await waitFor('request done', async () => (await coord.admin.listRequests({ status: 'done' })).length === 1 || undefined);
    await doomed.stop(0);

    assert.equal(submitter.countFor('1'), 1, 'resolved exactly once');
    assert.deepEqual(submitter.resolutions[0]!.response.output, { format: 'text', value: 'SURVIVE' });
    assert.equal(builder.builds, 2, "the survivor built it again: one worker's build alone is never run by another (issue 12)");
    const [request] = await coord.admin.listRequests({ status: 'done' });
    assert.ok(request!.attempts >= 1, 'the expired lease counted as an attempt');
  });
});
