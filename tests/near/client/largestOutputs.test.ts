/**
 * The largest output the contract allows, of each kind (ASCII JSON, all quotes, all control
 * characters), resolves end to end through the worker's submitter on the local chain with
 * nearcore's gas metering, at protocol 82 (300 Tgas per transaction, the tighter limit): stored
 * first with the client's gas, then referenced by resolve_execution; the requester's transaction
 * ends with the callback's success, and the stored value is the output, byte for byte.
 */
import assert from 'node:assert/strict';
import { NearResolveSubmitter } from '../../../contracts/near/client/index.ts';
import type { ExecutionResponse } from '../../../common/types/index.ts';
import { MAX_OUTPUT_BYTES, worstOutputs } from '../../../bench/near-gas/measureNearGas.ts';
import { LIMITS, SOURCE, startEnv, type Env } from './setup.ts';

describe('near client: the largest outputs resolve under nearcore gas metering', function () {
  this.timeout(120_000);
  let env: Env;
  afterEach(async () => env?.near.close());

  for (const protocolVersion of [82, 86]) {
    it(`stores and resolves a ${MAX_OUTPUT_BYTES}-byte output of each kind (protocol ${protocolVersion})`, async () => {
      env = await startEnv({ protocolVersion });
      const submitter = new NearResolveSubmitter(env.worker);
      for (const { name, output } of worstOutputs(MAX_OUTPUT_BYTES)) {
        const format = output.format as 'json' | 'text';
        const deposit = await env.requester.estimateCost(LIMITS, undefined, { inputBytes: 2 });
        const { txHash, requestId } = await env.requester.requestExecution({ source: SOURCE, input: 'in', limits: LIMITS, responseFormat: format }, deposit);
        const response: ExecutionResponse = {
          success: true,
          output: { format, value: output.value },
          resourcesUsed: { instructions: 1000, timeMs: 1, compileTimeMs: 0 },
        };
        const res = await submitter.resolve({ chain: 'near', contractId: env.contractId, requestId }, response);
        assert.equal(res.alreadyResolved, false, name);
        const result = (await env.requester.waitForResult(txHash, 'alice.test')) as { success: boolean; output: { format: string; bytes: number } };
        assert.equal(result.success, true, name);
        assert.deepEqual([result.output.format, result.output.bytes], ['stored', Buffer.byteLength(output.value)], name);
        const stored = env.near.view(env.contractId, 'get_execution_output', { request_id: Number(requestId) }) as { value: string };
        assert.equal(stored.value, output.value, `${name}: the stored value is the output`);
      }
    });
  }
});
