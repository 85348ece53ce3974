/**
 * The contract's balance no longer pays for requests (committed errand.wasm on the local chain):
 * its spare balance — what is left after the storage it must lock and the money it owes (stakes,
 * collected fees) — stays put however many requests it settles, because each settled record is
 * backed by the storage_fee its requester paid.
 */
import assert from 'node:assert/strict';
import { DEPOSIT, MEASUREMENT, NEAR, PRICING, STORAGE_BYTE_COST, completedStorageFee, okResponse, requestArgs } from './support/fixtures.ts';
import { ALICE, CONTRACT, PAYER, WORKER, withChain, type ContractDriver } from './support/localDriver.ts';

const STAKE = 5n * NEAR;
const REQUESTS = 20;

function spare(d: ContractDriver): bigint {
  const fees = BigInt((d.view('get_config') as { fees_collected: string }).fees_collected);
  return d.balance(CONTRACT) - d.storageUsage() * STORAGE_BYTE_COST - STAKE - fees;
}

describe('near contract on the local chain: request storage is paid by requesters', function () {
  this.timeout(60_000);

  it(`${REQUESTS} resolved requests leave the contract's spare balance unchanged`, () =>
    withChain({ pricing: PRICING, min_stake: STAKE.toString() }, async (d) => {
      const reg = await d.call(WORKER, 'register_worker', { public_key: d.publicKeyOf(WORKER), measurement: MEASUREMENT }, STAKE);
      assert.ok(reg.ok, reg.error ?? '');
      const before = spare(d);
      const balanceBefore = d.balance(CONTRACT);

      const calls = Array.from({ length: REQUESTS }, (_, i) => ({
        method: 'request_execution',
        args: requestArgs({ payer_account_id: PAYER, input: `input ${i}` }),
        deposit: DEPOSIT,
      }));
      const requested = d.callTogether(ALICE, calls);
      await d.until(() => d.view('get_request', { request_id: REQUESTS }) !== null);
      const response = okResponse({ instructions: 1000, time_ms: 2, compile_time_ms: 3 });
      const resolves = await d.callTogether(
        WORKER,
        Array.from({ length: REQUESTS }, (_, i) => ({ method: 'resolve_execution', args: { request_id: i + 1, response } })),
      );
      assert.ok(
        resolves.every((r) => r.ok),
        resolves.map((r) => r.error).join(' '),
      );
      const outcomes = await requested;
      await d.until(() => !d.near.chain.hasPendingWork());

      const storageFees = outcomes.reduce((sum, o) => sum + completedStorageFee(o.logs), 0n);
      assert.ok(storageFees > BigInt(REQUESTS) * 500n * STORAGE_BYTE_COST, 'each record retains hundreds of bytes');
      assert.equal(d.balance(CONTRACT) - balanceBefore, storageFees, 'the contract keeps exactly the storage fees');
      // next_request_id grew from 1 to 21: one more digit in the config, the contract's only cost.
      assert.equal(before - spare(d), 1n * STORAGE_BYTE_COST);
    }));
});
