/**
 * A requester waiting for a request's result outlives the node's own wait: nearcore answers `tx`
 * with a timeout after 10 s while the request is still yielded (here the local chain's wait is cut
 * to 200 ms, and the worker resolves after a second), and that answer means "ask again".
 */
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { NearResolveSubmitter } from '../../../contracts/near/client/index.ts';
import { isErrandError } from '../../../common/errors/index.ts';
import { LIMITS, SOURCE, startEnv, type Env } from './setup.ts';

describe('near client: waitForResult across node timeouts', function () {
  this.timeout(60_000);
  let env: Env;
  afterEach(async () => env?.near.close());

  it('keeps asking after the node times out, and returns the result once the request resolves', async () => {
    env = await startEnv({ rpcWaitTimeoutMs: 200 });
    const deposit = await env.requester.estimateCost(LIMITS, undefined, { inputBytes: 2 });
    const { txHash, requestId } = await env.requester.requestExecution({ source: SOURCE, input: 'in', limits: LIMITS, responseFormat: 'text' }, deposit);
    const waiting = env.requester.waitForResult(txHash, 'alice.test');
    await sleep(1_000); // five node timeouts
    await new NearResolveSubmitter(env.worker).resolve(
      { chain: 'near', contractId: env.contractId, requestId },
      { success: true, output: { format: 'text', value: 'late' }, resourcesUsed: { instructions: 1, timeMs: 1, compileTimeMs: 0 } },
    );
    const result = (await waiting) as { success: boolean; output: { value: string } };
    assert.equal(result.success, true);
    assert.equal(result.output.value, 'late');
  });

  it('gives up at its own deadline with the coded timeout', async () => {
    env = await startEnv({ rpcWaitTimeoutMs: 100 });
    const deposit = await env.requester.estimateCost(LIMITS, undefined, { inputBytes: 2 });
    const { txHash } = await env.requester.requestExecution({ source: SOURCE, input: 'in', limits: LIMITS, responseFormat: 'text' }, deposit);
    const started = Date.now();
    await assert.rejects(env.requester.waitForResult(txHash, 'alice.test', undefined, 700), (e) => isErrandError(e, 'COMMON__TIMEOUT'));
    assert.ok(Date.now() - started >= 600, 'not before its deadline');
  });
});
