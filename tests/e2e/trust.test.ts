/**
 * End to end: a poisoned compile. A rogue worker (a valid coordinator token, nothing else) claims a
 * request, uploads a module of its own, completes the compile with the real commit as its pin and
 * hands the request back. The honest worker that re-claims it — and a later request for the same
 * commit — must compile and run the real program, never the rogue's module.
 */
import assert from 'node:assert/strict';
import type { DevStack } from '../../cli/dev/startDevStack.ts';
import { sha256Hex } from '../../coordinator/cache/validateUpload.ts';
import { wat } from '../common/helpers/wat.ts';
import { admin, headCommit, programRepo, requestAndSettle, startE2eStack, stepLog } from './helpers.ts';

describe('end to end: module cache poisoning', function () {
  this.timeout(240_000);
  let stack: DevStack | undefined;
  afterEach(async () => {
    await stack?.close();
    stack = undefined;
  });

  it('a poisoned compile is never run for another request', async () => {
    const steps = stepLog();
    stack = await startE2eStack(steps, { workers: 1, startWorkers: false });
    const repo = programRepo();
    const commit = headCommit(repo);
    const coord = admin(stack);
    const rogueReg = await coord.registerWorker({ workerId: 'rogue.local', operator: 'mallory' });
    const rogue = coord.withToken(rogueReg.token);
    // Runs, exits 0 and prints nothing: if it ever ran, the output would be empty.
    const evil = await wat('(module (memory (export "memory") 1) (func (export "_start")))');

    const first = requestAndSettle(stack, repo, 'upper:first');
    let claim = null;
    while (!claim) claim = await rogue.poll(5_000);
    assert.deepEqual(claim.jobs.map((j) => j.type), ['compile', 'execute']);
    await rogue.uploadWasm(sha256Hex(evil), evil);
    await rogue.completeCompile(claim.jobs[0]!.id, { wasmSha256: sha256Hex(evil), pinnedCommit: commit });
    await rogue.failJob(claim.jobs[1]!.id, { error: { code: 'COMMON__UNAVAILABLE', message: 'going away' }, retryable: true });

    await stack.addWorker(stack.chain.workerIds[0]!);
    const a = await first;
    assert.deepEqual(a.response.output, { format: 'text', value: 'FIRST' }, 'the honest worker ran its own build');
    const b = await requestAndSettle(stack, repo, 'upper:second', { commit });
    assert.deepEqual(b.response.output, { format: 'text', value: 'SECOND' }, 'a request naming the commit never gets the rogue module');
    const compiled = steps.of('compiled');
    assert.ok(compiled.length >= 2 && compiled.every((c) => c.sha256 !== sha256Hex(evil)), 'the honest worker never took the rogue module');
  });
});
