/**
 * End to end on Solana when things go wrong (the twin of failures.test.ts): nobody runs the
 * request (after its deadline anyone may cancel it: refunded all but the base fee), and a worker
 * process killed with SIGKILL in the middle of an execution (another worker finishes it after the
 * lease expires, and the request is resolved exactly once).
 */
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { DevStack } from '../../cli/dev/startDevStack.ts';
import { admin, LIMITS, programRepo, stepLog } from './helpers.ts';
import { solanaRequestAndSettle, startSolanaStack, text } from './solanaHelpers.ts';
import { waitFor } from '../worker/loop/helpers.ts';
import { killWhenExecuting, spawnWorker } from './childWorker.ts';
import { requireTools } from '../setup/requireTools.ts';
import { scratchDir } from '../setup/scratchDirs.ts';

describe('end to end on Solana: failures', function () {
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

  it('no worker running: cancelled after the deadline, the requester gets all but the base fee back', async () => {
    stack = await startSolanaStack(stepLog(), { startWorkers: false, solanaTimeoutSlots: 60 });
    const s = await solanaRequestAndSettle(stack, programRepo(), 'upper:nobody', { cancelAfterDeadline: true });
    assert.equal(s.kind, 'cancelled');
    assert.equal(s.charged, s.baseFee, 'only the base fee is kept');
    assert.equal(s.refund, s.deposit - s.baseFee);
    assert.equal(s.balanceBack, s.refund + s.rentRefund, 'the rest and the rent go back');
    // The coordinator's watcher saw the cancel: the ledger marks the request settled on-chain.
    const coord = admin(stack);
    const rec = await waitFor(
      'the ledger to see the cancel',
      async () => {
        const [r] = await coord.listRequests({});
        return r && r.chain === 'solana' && r.chainResolvedAt ? r : undefined;
      },
      30_000,
    );
    assert.equal(rec.requestId, s.requestId.toString());
  });

  it('a worker process killed mid-execution: another worker finishes, the request resolves once', async () => {
    const steps = stepLog();
    stack = await startSolanaStack(steps, { workers: 2, startWorkers: false, leaseMs: 3_000 });
    const sol = stack.solana!;
    const [doomedId, survivorId] = stack.workerIds as [string, string];
    const reg = await admin(stack).registerWorker({ workerId: doomedId });
    const keyFile = path.join(scratchDir('errand-e2e-key-'), 'solana-worker.json');
    writeFileSync(keyFile, JSON.stringify([...sol.workers[0]!.secretKey]), { mode: 0o600 });
    const w = spawnWorker(stack, {
      ERRAND_WORKER_TOKEN: reg.token,
      ERRAND_CHAINS: 'solana',
      SOLANA_RPC_URL: sol.local.url,
      SOLANA_WS_URL: sol.local.wsUrl,
      SOLANA_PROGRAM_ID: sol.programId,
      SOLANA_KEYPAIR_FILE: keyFile,
      SOLANA_PRIORITY_FEE_MICROLAMPORTS: '10',
    });
    child = w.child;
    const limits = { ...LIMITS, maxInstructions: 40_000_000_000, maxExecutionMs: 60_000 };
    const settled = solanaRequestAndSettle(stack, programRepo(), 'spin:300', { limits });
    const coord = admin(stack);
    const claimed = await killWhenExecuting(stack, w, doomedId);
    await stack.addWorker(survivorId, { heartbeatMs: 500 });

    const s = await settled;
    assert.equal(s.kind, 'resolved');
    assert.equal(s.worker, survivorId, 'the survivor resolved it');
    assert.equal(text(s), '300000000\n');
    const record = await waitFor(
      'the ledger to mark the request done',
      async () => {
        const r = await coord.getRequest(claimed.id);
        return r.status === 'done' ? r : undefined;
      },
      30_000,
    );
    assert.ok(record.attempts >= 1, 'the expired lease counted as an attempt');
    assert.equal(steps.of('resolved').length, 1, 'resolved once, by the survivor');
  });
});
