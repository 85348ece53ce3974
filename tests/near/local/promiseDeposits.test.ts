/**
 * Money that a contract sends through its own promises, as nearcore handles it: the deposit of a
 * Transfer or a FunctionCall leaves the contract when the outgoing receipt is created (the same
 * block as the call, before the receipt runs), a deposit larger than the balance fails the call
 * with BalanceExceeded, one that would leave storage unpaid fails the receipt with
 * LackBalanceForState, and a child receipt that fails sends the deposit back to the contract.
 * Also the wall-clock guard that stops a contract looping without host calls.
 */
import assert from 'node:assert/strict';
import { actionCreators } from '@near-js/transactions';
import type { LocalNear, LocalNearOptions } from '../../../contracts/near/local/index.ts';
import { u128ToBytes } from '../../../contracts/near/local/vm/bytes.ts';
import { NEAR, startProbeChain } from './helpers.ts';

const TGAS = 10n ** 12n;
const STORAGE_BYTE = 10n ** 19n;

/** Blocks only when a test produces them. */
const setup = (opts: LocalNearOptions = {}): Promise<LocalNear> => startProbeChain({ blockIntervalMs: 0, ...opts });

/** The probe's pay_to / call_panic_with_deposit input: a little-endian u128 then an account id. */
const amountTo = (amount: bigint, receiver: string): Uint8Array => Buffer.concat([u128ToBytes(amount), Buffer.from(receiver)]);

/** Signs and broadcasts a call without waiting; returns the tx hash. The test drives the blocks. */
async function send(near: LocalNear, method: string, args: Uint8Array, gas = 50n * TGAS): Promise<string> {
  const signed = await near.account('alice.test').createSignedTransaction('probe.test', [actionCreators.functionCall(method, args, gas, 0n)]);
  return (await near.provider.sendJsonRpc('broadcast_tx_async', [Buffer.from(signed.encode()).toString('base64')])) as string;
}

type Status = {
  status: { SuccessValue?: string; Failure?: unknown };
  receipts_outcome: { outcome: { status: unknown; executor_id: string; gas_burnt: number } }[];
};
const status = async (near: LocalNear, hash: string): Promise<Status> =>
  (await near.provider.sendJsonRpc('EXPERIMENTAL_tx_status', { tx_hash: hash, sender_account_id: 'alice.test', wait_until: 'EXECUTED_OPTIMISTIC' })) as Status;
const amount = (near: LocalNear, id: string): bigint => near.viewAccount(id)?.amount ?? -1n;

describe('near local chain: deposits of promises a contract creates', () => {
  let near: LocalNear;
  afterEach(async () => near?.close());

  it('debits a Transfer when the receipt is created and credits it when it runs: nothing is minted', async () => {
    near = await setup();
    const probe0 = amount(near, 'probe.test');
    const other0 = amount(near, 'other.test');
    const sent = 3n * NEAR + 17n;
    const hash = await send(near, 'pay_to', amountTo(sent, 'other.test'));
    near.produceBlock(2); // block 1: the tx becomes a receipt; block 2: pay_to runs and creates the transfer
    assert.equal(amount(near, 'probe.test'), probe0 - sent, 'debited in the block the transfer receipt was created');
    assert.equal(amount(near, 'other.test'), other0, 'not credited before the transfer receipt runs');
    near.produceBlock(1);
    assert.equal(amount(near, 'other.test'), other0 + sent);
    assert.equal(amount(near, 'probe.test') + amount(near, 'other.test'), probe0 + other0);
    assert.equal((await status(near, hash)).status.SuccessValue, '');
  });

  it('fails the call with BalanceExceeded when the deposit exceeds the balance, and moves nothing', async () => {
    near = await setup();
    const probe0 = amount(near, 'probe.test');
    const hash = await send(near, 'pay_to', amountTo(probe0 + 1n, 'other.test'));
    near.produceBlock(4);
    const st = await status(near, hash);
    assert.match(JSON.stringify(st.status.Failure), /Exceeded the account balance\./);
    assert.equal(amount(near, 'probe.test'), probe0);
    assert.equal(amount(near, 'other.test'), 10n * NEAR);
  });

  it('fails the receipt with LackBalanceForState when the balance left would not cover storage', async () => {
    near = await setup();
    const probe0 = amount(near, 'probe.test');
    const staked = (near.viewAccount('probe.test')?.storageUsage ?? 0n) * STORAGE_BYTE;
    const hash = await send(near, 'pay_to', amountTo(probe0 - staked + 1n, 'other.test'));
    near.produceBlock(4);
    assert.match(JSON.stringify((await status(near, hash)).status.Failure), /LackBalanceForState/);
    assert.equal(amount(near, 'probe.test'), probe0);
    assert.equal(amount(near, 'other.test'), 10n * NEAR);
    // Exactly the free balance can leave.
    const ok = await send(near, 'pay_to', amountTo(probe0 - staked, 'other.test'));
    near.produceBlock(4);
    assert.equal((await status(near, ok)).status.SuccessValue, '');
    assert.equal(amount(near, 'probe.test'), staked);
  });

  it('returns a Transfer to a missing account to the contract through a refund receipt', async () => {
    near = await setup();
    const probe0 = amount(near, 'probe.test');
    const sent = 2n * NEAR;
    await send(near, 'pay_to', amountTo(sent, 'ghost.test'));
    near.produceBlock(2);
    assert.equal(amount(near, 'probe.test'), probe0 - sent);
    near.produceBlock(1); // the transfer fails: AccountDoesNotExist
    assert.equal(near.viewAccount('ghost.test'), null);
    near.produceBlock(1); // the refund runs
    assert.equal(amount(near, 'probe.test'), probe0);
    assert.equal(near.chain.hasPendingWork(), false);
  });

  it('debits a FunctionCall deposit and refunds it when the called method panics', async () => {
    near = await setup();
    const probe0 = amount(near, 'probe.test');
    const other0 = amount(near, 'other.test');
    const attached = 5n * NEAR;
    const hash = await send(near, 'call_panic_with_deposit', amountTo(attached, 'other.test'));
    near.produceBlock(2);
    assert.equal(amount(near, 'probe.test'), probe0 - attached);
    near.produceBlock(1);
    assert.equal(amount(near, 'other.test'), other0, 'the panicking receipt rolled back its deposit');
    near.produceBlock(1);
    assert.equal(amount(near, 'probe.test'), probe0, 'refunded exactly');
    const failed = (await status(near, hash)).receipts_outcome.find((o) => o.outcome.executor_id === 'other.test');
    assert.match(JSON.stringify(failed?.outcome.status), /Smart contract panicked: boom/);
  });
});

describe('near local chain: instruction gas', () => {
  let near: LocalNear;
  afterEach(async () => near?.close());

  it('stops a call that loops without host calls: gas exceeded, all prepaid gas burnt, chain keeps going', async () => {
    near = await setup({ gasPrice: 100_000_000n });
    const alice0 = amount(near, 'alice.test');
    const hash = await send(near, 'loop_forever', new Uint8Array(), 20n * TGAS);
    near.produceBlock(3);
    const st = await status(near, hash);
    assert.match(JSON.stringify(st.status.Failure), /Exceeded the prepaid gas\./);
    const looped = st.receipts_outcome.find((o) => o.outcome.executor_id === 'probe.test');
    assert.equal(BigInt(looped?.outcome.gas_burnt ?? 0), 20n * TGAS, 'burns the whole prepaid gas, as NEAR would');
    near.produceBlock(2);
    assert.ok(amount(near, 'alice.test') < alice0 - 20n * TGAS * 100_000_000n + 1n, 'the signer paid for the burnt gas');
    const after = await send(near, 'set', new TextEncoder().encode('still alive'));
    near.produceBlock(3);
    assert.equal((await status(near, after)).status.SuccessValue, '');
    assert.equal(await near.provider.callFunction('probe.test', 'get', {}), 'still alive');
  });

  it('stops a looping view call with an error instead of hanging the RPC server', async () => {
    near = await setup();
    await assert.rejects(near.provider.callFunction('probe.test', 'loop_forever', {}), /Exceeded the prepaid gas|wasm execution failed/);
    const status = (await near.provider.sendJsonRpc('status', [])) as { chain_id: string };
    assert.equal(status.chain_id, 'localnet');
  });

  it('reports a runaway recursion as a WebAssembly trap', async () => {
    near = await setup();
    const hash = await send(near, 'recurse', new Uint8Array());
    near.produceBlock(3);
    assert.match(JSON.stringify((await status(near, hash)).status.Failure), /WebAssembly trap: Stack overflow\./);
  });
});
