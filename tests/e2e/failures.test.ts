/**
 * End to end when things go wrong: nobody runs the request (the yield times out on-chain), and a
 * worker process is killed with SIGKILL in the middle of an execution (another worker finishes it
 * after the lease expires, and the request is resolved exactly once).
 */
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import type { DevStack } from '../../cli/dev/startDevStack.ts';
import { writeDevKey } from '../../cli/dev/writeDevKey.ts';
import { admin, LIMITS, programRepo, requestAndSettle, startE2eStack, stepLog } from './helpers.ts';
import { waitFor } from '../worker/loop/helpers.ts';
import { killWhenExecuting, spawnWorker } from './childWorker.ts';
import { requireTools } from '../setup/requireTools.ts';
import { scratchDir } from '../setup/scratchDirs.ts';

describe('end to end: failures', function () {
  before(async function () {
    await requireTools(this, ['bwrap', 'clang-14']);
  });
  this.timeout(300_000);
  let stack: DevStack | undefined;
  let child: ChildProcess | undefined;

  afterEach(async () => {
    child?.kill('SIGKILL');
    child = undefined;
    await stack?.close();
    stack = undefined;
  });

  it('no worker running: the yield times out and the payer gets all but the base fee back', async () => {
    stack = await startE2eStack(stepLog(), { startWorkers: false, requestTimeoutBlocks: 60 });
    const s = await requestAndSettle(stack, programRepo(), 'upper:nobody');
    assert.equal(s.response.success, false);
    assert.equal(s.response.error?.code, 'ERR_TIMED_OUT');
    assert.equal(s.view.status, 'timed_out');
    const view = s.view as typeof s.view & { storage_fee?: string };
    assert.equal(BigInt(view.charged), s.baseFee, 'only the base fee is charged');
    assert.equal(BigInt(view.charged) + BigInt(view.refunded) + BigInt(view.storage_fee ?? '0'), s.deposit, 'the rest goes back (less the record storage)');
  });

  it('a worker process killed mid-execution: another worker finishes, the request resolves once', async () => {
    const steps = stepLog();
    stack = await startE2eStack(steps, { workers: 2, startWorkers: false, leaseMs: 3_000 });
    const [doomedId, survivorId] = stack.chain.workerIds as [string, string];
    const reg = await admin(stack).registerWorker({ workerId: doomedId });
    const keyFile = writeDevKey(scratchDir('errand-e2e-key-'), doomedId, stack.chain.near.secretKeyOf(doomedId));
    const w = spawnWorker(stack, {
      ERRAND_WORKER_TOKEN: reg.token,
      NEAR_RPC_URL: stack.chain.near.rpcUrl,
      ERRAND_CONTRACT_ID: stack.chain.contractId,
      NEAR_ACCOUNT_ID: doomedId,
      ERRAND_WORKER_KEY_FILE: keyFile,
    });
    child = w.child;
    const limits = { ...LIMITS, maxInstructions: 40_000_000_000, maxExecutionMs: 60_000 };
    const settled = requestAndSettle(stack, programRepo(), 'spin:300', { limits });
    const coord = admin(stack);
    // Kill the worker once it says it is executing (and the ledger agrees that it holds the claim).
    const claimed = await killWhenExecuting(stack, w, doomedId);
    // The survivor compiles first (one build is not shared until reproduced), so it must heartbeat
    // within the test's 3 s lease like the doomed worker does.
    await stack.addWorker(survivorId, { heartbeatMs: 500 });

    const s = await settled;
    assert.equal(s.view.status, 'resolved');
    assert.equal(s.view.resolved_by, survivorId, 'the survivor resolved it');
    assert.deepEqual(s.response.output, { format: 'text', value: '300000000\n' });
    // The worker resolves on-chain first and then completes the job: the ledger follows shortly.
    let last = '';
    const record = await waitFor(
      'the ledger to mark the request done',
      async () => {
        const r = await coord.getRequest(claimed.id);
        last = `${r.status} ${r.lastError} ${JSON.stringify(await coord.requestJobs(r.id))}`;
        return r.status === 'done' ? r : undefined;
      },
      30_000,
    ).catch((e: unknown) => {
      throw new Error(`${(e as Error).message}: ${last}`);
    });
    assert.ok(record.attempts >= 1, 'the expired lease counted as an attempt');
    assert.equal(steps.of('resolved').length, 1, 'resolved once, by the survivor');
  });
});
