/**
 * The local chain's receipt semantics on a hand-written WAT contract: storage and logs, rollback
 * on panic with deposit refunds, storage staking, promise/callback ordering across blocks, yields
 * resumed and timed out, gas limits and exact gas refunds.
 */
import assert from 'node:assert/strict';
import { actionCreators } from '@near-js/transactions';
import type { LocalNear } from '../../../contracts/near/local/index.ts';
import { probeWasm, startProbeChain } from './helpers.ts';

const { functionCall } = actionCreators;
const TGAS = 10n ** 12n;
const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);

const setup = startProbeChain;

/** Signs and broadcasts without waiting; the caller drives blocks. */
async function sendAsync(near: LocalNear, from: string, to: string, method: string, args: Uint8Array, deposit = 0n): Promise<string> {
  const signed = await near.account(from).createSignedTransaction(to, [functionCall(method, args, 50n * TGAS, deposit)]);
  const r = (await near.provider.sendJsonRpc('broadcast_tx_async', [Buffer.from(signed.encode()).toString('base64')])) as string;
  return r;
}

type Outcome = { id: string; block_hash: string; outcome: { logs: string[]; status: Record<string, unknown>; executor_id: string } };
type Final = { status: Record<string, string>; receipts_outcome: Outcome[]; transaction_outcome: Outcome };

async function txStatus(near: LocalNear, hash: string, signer = 'alice.test'): Promise<Final> {
  return (await near.provider.sendJsonRpc('EXPERIMENTAL_tx_status', { tx_hash: hash, sender_account_id: signer, wait_until: 'EXECUTED_OPTIMISTIC' })) as Final;
}

const heightOf = (near: LocalNear, blockHash: string): number => near.chain.state.blocksByHash.get(blockHash)?.height ?? -1;
const decode = (v: string | undefined): string => Buffer.from(v ?? '', 'base64').toString();

describe('near local chain: receipts and host functions', () => {
  let near: LocalNear;
  afterEach(async () => near?.close());

  it('stores, reads and logs through near-api-js calls and views', async () => {
    near = await setup();
    const alice = near.account('alice.test');
    const out = await alice.callFunctionRaw({ contractId: 'probe.test', methodName: 'set', args: utf8('hello'), gas: 30n * TGAS });
    assert.deepEqual(out.receipts_outcome[0]?.outcome.logs, ['set']);
    assert.equal(await near.provider.callFunction('probe.test', 'get', {}), 'hello');
    const stored = near.viewAccount('probe.test');
    assert.ok(stored);
    const hashed = (await near.provider.callFunctionRaw('probe.test', 'hash', utf8('abc') as unknown as Record<string, unknown>)) as unknown as {
      result: number[];
    };
    assert.equal(Buffer.from(hashed.result).toString('hex'), 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('rolls back a panicking receipt, keeps its logs and refunds the attached deposit', async () => {
    near = await setup();
    const alice = near.account('alice.test');
    await alice.callFunctionRaw({ contractId: 'probe.test', methodName: 'set', args: utf8('first'), gas: 30n * TGAS });
    const before = near.viewAccount('alice.test')?.amount ?? 0n;
    const usageBefore = near.viewAccount('probe.test')?.storageUsage;
    await assert.rejects(
      alice.callFunctionRaw({ contractId: 'probe.test', methodName: 'set_then_panic', args: utf8('second-longer'), gas: 30n * TGAS, deposit: 12345n }),
      /boom/,
    );
    assert.equal(await near.provider.callFunction('probe.test', 'get', {}), 'first');
    assert.equal(near.viewAccount('probe.test')?.storageUsage, usageBefore);
    assert.equal(near.viewAccount('alice.test')?.amount, before, 'deposit refunded exactly (gas price 0)');
  });

  it('fails a receipt that would leave storage unpaid (10^19 yocto per byte)', async () => {
    near = await setup();
    const code = await probeWasm();
    near.createAccount('poor.test', 0n);
    near.deployContract('poor.test', code);
    const usage = near.viewAccount('poor.test')?.storageUsage ?? 0n;
    near.chain.state.accounts.get('poor.test')!.amount = (usage + 200n) * 10n ** 19n;
    const alice = near.account('alice.test');
    // 1 (key) + 100 (value) + 40 (record) = 141 bytes: fits in the 200 spare bytes.
    await alice.callFunctionRaw({ contractId: 'poor.test', methodName: 'set', args: new Uint8Array(100), gas: 30n * TGAS });
    assert.equal(near.viewAccount('poor.test')?.storageUsage, usage + 141n);
    await assert.rejects(alice.callFunctionRaw({ contractId: 'poor.test', methodName: 'set', args: new Uint8Array(200), gas: 30n * TGAS }), (e: Error) =>
      /LackBalanceForState|enough balance/i.test(e.message + JSON.stringify(e)),
    );
    assert.equal(near.viewAccount('poor.test')?.storageUsage, usage + 141n, 'failed write rolled back');
  });

  it('runs a promise, then its callback, in successive blocks', async () => {
    near = await setup({ blockIntervalMs: 0 });
    const other = near.account('other.test');
    const setHash = await sendAsync(near, 'other.test', 'other.test', 'set', utf8('from-other'));
    near.produceBlock(3);
    assert.equal((await txStatus(near, setHash, 'other.test')).status['SuccessValue'], '');
    void other;
    const start = near.height;
    const hash = await sendAsync(near, 'alice.test', 'probe.test', 'call_then', new Uint8Array());
    near.produceBlock(6);
    const st = await txStatus(near, hash);
    assert.equal(decode(st.status['SuccessValue']), 'from-other');
    assert.equal(heightOf(near, st.transaction_outcome.block_hash), start + 1);
    const byExecutor = st.receipts_outcome.map((o) => [o.outcome.executor_id, heightOf(near, o.block_hash)]);
    assert.deepEqual(byExecutor, [
      ['probe.test', start + 2],
      ['other.test', start + 3],
      ['probe.test', start + 4],
    ]);
  });

  it('gives a callback a failed result when its dependency panicked, and rolls the dependency back', async () => {
    near = await setup({ blockIntervalMs: 0 });
    const hash = await sendAsync(near, 'alice.test', 'probe.test', 'call_panic_then', new Uint8Array());
    near.produceBlock(6);
    const st = await txStatus(near, hash);
    assert.equal(decode(st.status['SuccessValue']), 'failed');
    assert.ok(JSON.stringify(st.receipts_outcome[1]?.outcome.status).includes('Smart contract panicked: boom'));
    assert.equal(await near.provider.callFunction('other.test', 'get', {}), undefined);
  });

  it('transfers from a promise batch', async () => {
    near = await setup();
    const before = near.viewAccount('other.test')?.amount ?? 0n;
    const payerBefore = near.viewAccount('probe.test')?.amount ?? 0n;
    await near.account('alice.test').callFunctionRaw({ contractId: 'probe.test', methodName: 'pay', args: utf8('other.test'), gas: 30n * TGAS });
    assert.equal((near.viewAccount('other.test')?.amount ?? 0n) - before, 1000n);
    assert.equal(payerBefore - (near.viewAccount('probe.test')?.amount ?? 0n), 1000n, 'the paying contract is debited');
  });

  it('resumes a yield once; the caller receives the payload', async () => {
    near = await setup({ blockIntervalMs: 0 });
    const hash = await sendAsync(near, 'alice.test', 'probe.test', 'yield', new Uint8Array());
    near.produceBlock(3);
    const pending = (await near.provider.sendJsonRpc('tx', { tx_hash: hash, sender_account_id: 'alice.test', wait_until: 'INCLUDED' })) as {
      final_execution_status: string;
    };
    assert.equal(pending.final_execution_status, 'INCLUDED_FINAL');
    const r1 = await sendAsync(near, 'alice.test', 'probe.test', 'resume', utf8('payload-1'));
    near.produceBlock(2);
    const r2 = await sendAsync(near, 'alice.test', 'probe.test', 'resume', utf8('payload-2'));
    near.produceBlock(4);
    assert.deepEqual((await txStatus(near, r1)).receipts_outcome[0]?.outcome.logs, ['resumed']);
    assert.deepEqual((await txStatus(near, r2)).receipts_outcome[0]?.outcome.logs, ['notopen']);
    assert.equal(decode((await txStatus(near, hash)).status['SuccessValue']), 'payload-1');
  });

  it('times a yield out after the configured number of blocks', async () => {
    near = await setup({ blockIntervalMs: 0, yieldTimeoutBlocks: 5 });
    const hash = await sendAsync(near, 'alice.test', 'probe.test', 'yield', new Uint8Array());
    near.produceBlock(2);
    const createdAt = near.height;
    near.produceBlock(4);
    const mid = (await near.provider.sendJsonRpc('tx', { tx_hash: hash, sender_account_id: 'alice.test', wait_until: 'NONE' })) as Record<string, unknown>;
    assert.equal(mid['final_execution_status'], 'INCLUDED_FINAL');
    near.produceBlock(1);
    const st = await txStatus(near, hash);
    assert.equal(decode(st.status['SuccessValue']), 'timeout');
    assert.equal(heightOf(near, st.receipts_outcome[1]?.block_hash ?? ''), createdAt + 5);
    assert.equal(near.chain.hasPendingWork(), false);
  });

  it('stops a call at its prepaid gas, and charges exactly the gas burnt', async () => {
    near = await setup({ gasPrice: 100_000_000n });
    const alice = near.account('alice.test');
    await assert.rejects(alice.callFunctionRaw({ contractId: 'probe.test', methodName: 'spin', args: {}, gas: 10n * TGAS }), /Exceeded the prepaid gas/);
    const before = near.viewAccount('alice.test')?.amount ?? 0n;
    const out = await alice.callFunctionRaw({ contractId: 'probe.test', methodName: 'set', args: utf8('x'), gas: 100n * TGAS, deposit: 7n });
    await new Promise((r) => setTimeout(r, 100));
    const burnt = [out.transaction_outcome, ...out.receipts_outcome]
      .filter((o) => o.outcome.executor_id !== 'alice.test' || o === out.transaction_outcome)
      .reduce((s, o) => s + BigInt(o.outcome.tokens_burnt), 0n);
    assert.equal(before - (near.viewAccount('alice.test')?.amount ?? 0n), burnt + 7n);
  });
});
