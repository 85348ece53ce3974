/**
 * The scratch /tmp is opt-in per request (issue 11): a request whose limits carry `maxScratchMb`
 * runs with an in-memory /tmp, the same program without it finds no /tmp. Real coordinator,
 * real bubblewrap compile, real executor; the chain is replaced by a recording submitter.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { startTestCoordinator, type TestCoordinator } from '../../coordinator/helpers/testCoordinator.ts';
import { Executor } from '../../../worker/executor/index.ts';
import { createSandbox, SandboxModuleBuilder } from '../../../worker/compile/index.ts';
import { HttpCoordinatorPort } from '../../../worker/loop/HttpCoordinatorPort.ts';
import { startWorker, type RunningWorker } from '../../../worker/startWorker.ts';
import { CountingBuilder, gitRepoWith, gitRequest, noSecretsForTests, RecordingResolveSubmitter, waitFor } from './helpers.ts';

/** Writes its input to /tmp/x, reads it back and prints it (shared with the end-to-end test). */
const TMP_ROUND_TRIP_C = readFileSync(fileURLToPath(new URL('../../e2e/fixtures/tmpRoundTrip.c', import.meta.url)), 'utf8');

describe('worker: scratch /tmp from the request limits', function () {
  this.timeout(180_000);
  let coord: TestCoordinator | undefined;
  let executor: Executor | undefined;
  let worker: RunningWorker | undefined;

  afterEach(async () => {
    await worker?.stop(1_000);
    await executor?.close();
    await coord?.close();
  });

  it('maxScratchMb gives the run a writable /tmp; without it opening /tmp fails', async () => {
    coord = await startTestCoordinator({ POLL_FALLBACK_MS: 100 });
    executor = new Executor({ threads: 1 });
    const repo = gitRepoWith({ 'main.c': TMP_ROUND_TRIP_C });
    const limits = { maxInstructions: 50_000_000, maxMemoryMb: 64, maxExecutionMs: 5_000, maxCompileMs: 120_000 };
    await coord.admin.createRequest(gitRequest(1, repo.url, 'kept in scratch', { limits: { ...limits, maxScratchMb: 2 } }));
    await coord.admin.createRequest(gitRequest(2, repo.url, 'no scratch', { limits }));
    const submitter = new RecordingResolveSubmitter();
    const builder = new CountingBuilder(new SandboxModuleBuilder({ sandbox: createSandbox('bwrap') }));
    const { client } = await coord.worker('w1');
    worker = startWorker(
      { coordinator: new HttpCoordinatorPort(client), builder, secrets: noSecretsForTests, submitter, executor },
      { concurrency: 2, pollWaitMs: 500, heartbeatMs: 1_000, lockTtlMs: 20_000, allowFileSources: true },
    );

    await waitFor('two resolutions', async () => submitter.resolutions.length >= 2, 150_000);
    const response = (id: string) => submitter.resolutions.find((r) => r.ref.requestId === id)!.response;
    const withScratch = response('1');
    assert.equal(withScratch.success, true, withScratch.error?.message);
    assert.deepEqual(withScratch.output, { format: 'text', value: 'read back: kept in scratch' });
    const without = response('2');
    assert.equal(without.success, false);
    assert.equal(without.error?.code, 'EXECUTOR__EXIT_NONZERO');
    assert.match(without.error!.message, /open failed errno \d+/);
  });
});
