/**
 * Money is exact for any usage: random deposits (at or above the estimate), random usage (below,
 * at and far above the limits), success or failure. For each request the requester, worker and
 * protocol balances move by exactly what `settle()` computes, the event says the same, and
 * fee + refund + rent returned = what the requester paid.
 */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { Keypair } from '@solana/web3.js';
import { settle, type ErrandSolanaClient } from '../../contracts/solana/client/index.ts';
import type { LocalSolana } from '../../contracts/solana/local/index.ts';
import { balance, funded, LIMITS, SOURCE, startLocal } from './helpers.ts';
import type { EventData } from './helpers.ts';

const FEE = 5000n;

describe('solana program: money is exact', function () {
  this.timeout(180_000);
  let local: LocalSolana;
  let requester: Keypair, worker: Keypair;
  let client: ErrandSolanaClient, workerClient: ErrandSolanaClient;

  before(async () => {
    local = await startLocal();
    requester = await funded(local, 100);
    worker = await funded(local);
    client = local.client(requester);
    workerClient = local.client(worker);
    await workerClient.registerWorker(Buffer.alloc(32, 8), Buffer.from('aa', 'hex'), 1_000_000_000n);
  });
  after(async () => {
    await local.stop();
  });

  it('for random deposits and usage, every lamport is accounted for', async () => {
    const estimate = await client.estimateCost(LIMITS);
    const u64ish = (max: bigint) => fc.bigInt({ min: 0n, max });
    await fc.assert(
      fc.asyncProperty(
        u64ish(10n ** 9n),
        fc.boolean(),
        u64ish(LIMITS.maxInstructions * 3n),
        u64ish(LIMITS.maxExecutionMs * 3n),
        u64ish(LIMITS.maxCompileMs * 3n),
        async (extra, success, instructions, timeMs, compileTimeMs) => {
          const deposit = estimate + extra;
          const paid0 = await balance(local, requester.publicKey);
          const sent = await client.requestExecution({ source: SOURCE, input: { kind: 'inline', data: Buffer.from('m') }, limits: LIMITS, deposit });
          const view = (await client.getRequest(sent.request))!;
          const paid = paid0 - (await balance(local, requester.publicKey)) - FEE;
          assert.equal(paid, view.lamports);
          const [r0, w0, c0] = [await balance(local, requester.publicKey), await balance(local, worker.publicKey), await balance(local, client.config)];
          const used = { instructions, timeMs, compileTimeMs };
          const res = await workerClient.resolveExecution(sent.request, requester.publicKey, {
            success,
            resourcesUsed: used,
            output: { kind: 'none' },
            error: success ? '' : 'failed',
          });
          const s = settle(view.pricing, view.limits, deposit, view.protocolFeeBps, success, used);
          const rentBack = view.lamports - deposit;
          assert.equal((await balance(local, worker.publicKey)) - w0, s.workerPayment - FEE);
          assert.equal((await balance(local, client.config)) - c0, s.protocolFee);
          assert.equal((await balance(local, requester.publicKey)) - r0, s.refund + rentBack);
          assert.equal(s.charged + s.refund + rentBack, paid, 'fee + refund + rent returned = what the requester paid');
          const ev = res.events[0].data as EventData;
          for (const [k, v] of [
            ['charged', s.charged],
            ['workerPayment', s.workerPayment],
            ['protocolFee', s.protocolFee],
            ['refund', s.refund],
            ['rentRefund', rentBack],
          ] as const) {
            assert.equal(ev[k].toString(), v.toString(), k);
          }
        },
      ),
      { numRuns: 8 },
    );
  });
});
