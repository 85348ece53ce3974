/**
 * One coordinator, both chains: a NEAR request and a Solana request in flight at once, served by
 * the same worker (it holds a key on each chain). Both local chains start their request ids at 1,
 * so the ledger holds two requests with the same id told apart by chain (and contract/program).
 */
import assert from 'node:assert/strict';
import type { DevStack } from '../../cli/dev/startDevStack.ts';
import { admin, headCommit, programRepo, requestAndSettle, startE2eStack, stepLog } from './helpers.ts';
import { solanaRequestAndSettle, text } from './solanaHelpers.ts';
import { requireTools } from '../setup/requireTools.ts';

describe('end to end on NEAR and Solana at once (one coordinator, one worker serving both)', function () {
  before(async function () {
    await requireTools(this, ['bwrap', 'clang-14']);
  });
  this.timeout(300_000);
  let stack: DevStack | undefined;
  // The root hook checks for leaks after each test: the stack closes in afterEach.
  afterEach(async () => {
    await stack?.close();
    stack = undefined;
  });

  it('a NEAR request and a Solana request in flight together both resolve on their own chain', async () => {
    const steps = stepLog();
    stack = await startE2eStack(steps, { chains: ['near', 'solana'] });
    const repo = programRepo();
    const commit = headCommit(repo);
    const [near, sol] = await Promise.all([
      requestAndSettle(stack, repo, 'upper:near', { commit }),
      solanaRequestAndSettle(stack, repo, 'upper:solana', { commit }),
    ]);
    assert.deepEqual(near.response.output, { format: 'text', value: 'NEAR' });
    assert.equal(near.view.status, 'resolved');
    assert.equal(text(sol), 'SOLANA');
    assert.equal(sol.charged + sol.refund, sol.deposit);
    const records = await admin(stack).listRequests({});
    const keys = records.map((r) => `${r.chain}:${r.contractId}:${r.requestId}`).sort();
    assert.deepEqual(keys, [`near:${stack.chain.contractId}:${near.requestId}`, `solana:${stack.solana!.programId}:${sol.requestId}`].sort());
    assert.equal(near.requestId, sol.requestId.toString(), 'the same id on both chains, two ledger rows');
    // The worker thread reports its resolve step by message: the chain may show the settlement first.
    for (const until = Date.now() + 10_000; steps.of('resolved').length < 2 && Date.now() < until;) await new Promise((r) => setTimeout(r, 50));
    assert.deepEqual(
      steps
        .of('resolved')
        .map((r) => r.requestId)
        .sort(),
      [near.requestId, sol.requestId.toString()].sort(),
    );
  });
});
