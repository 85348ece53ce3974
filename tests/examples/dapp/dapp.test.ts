/**
 * The dApp example contract (examples/dapp/contract) against the real errand.wasm on the local
 * chain: `ask` forwards the deposit to `request_execution`, the worker resolves the request it sees
 * in the `execution_requested` event, and `on_result` stores Errand's response. Exact money flow
 * (gas price 0): the caller pays the deposit, the worker gets the charge, the dApp (the payer) gets
 * the refund. Also the yield timeout, a worker-reported failure, and a failed request_execution.
 */
import assert from 'node:assert/strict';
import {
  ALICE,
  balance,
  callDapp,
  DAPP,
  dappWasm,
  ERRAND,
  finalValue,
  LIMITS,
  nextRequested,
  resolveAsWorker,
  startWorld,
  TGAS,
  WIRE_LIMITS,
  WIRE_SOURCE,
  WORKER,
  type World,
} from './support.ts';
import { requireTools } from '../../setup/requireTools.ts';

type Rec = { caller: string; outcome: string; response: Record<string, unknown> | null; block_height: number };

const used = { instructions: 400_000, timeMs: 12, compileTimeMs: 0 };

describe('examples/dapp: a contract that calls request_execution and keeps the result', function () {
  this.timeout(120_000);
  let world: World | undefined;

  before(async function () {
    await requireTools(this, ['rustc']);
    await dappWasm();
  });
  afterEach(async () => {
    await world?.close();
    world = undefined;
  });

  it('asks, a worker resolves, on_result stores the response; worker paid the charge, the dApp refunded the rest', async () => {
    world = await startWorld();
    const { near } = world;
    const input = 'say "hi" {not: [json]} \\ end';
    const deposit = await world.errandAs(ALICE).estimateCost(LIMITS, undefined, { inputBytes: Buffer.byteLength(input) });
    const before = { alice: balance(near, ALICE), dapp: balance(near, DAPP), worker: balance(near, WORKER), errand: balance(near, ERRAND) };
    const asked = callDapp(near, ALICE, 'ask', { input, source: WIRE_SOURCE, limits: WIRE_LIMITS }, deposit);

    const req = await nextRequested(world);
    assert.equal(req.senderId, DAPP, 'the dApp contract is the requester');
    assert.equal(req.payerId, DAPP, 'and the payer of refunds');
    assert.equal(req.input, input, 'the input is forwarded byte for byte');
    assert.deepEqual(req.limits, LIMITS);
    assert.equal(req.deposit, deposit.toString());
    assert.equal((near.view(DAPP, 'last_result', { account_id: ALICE }) as Rec).outcome, 'pending');

    const r = await resolveAsWorker(world, req.requestId, { success: true, output: { format: 'text', value: 'SAY "HI"' }, resourcesUsed: used });
    assert.equal(r.alreadyResolved, false);
    const out = await asked;
    const rec = finalValue(out) as Rec;
    assert.equal(rec.caller, ALICE);
    assert.equal(rec.outcome, 'success');
    assert.deepEqual(rec.response?.['output'], { format: 'text', value: 'SAY "HI"' });
    assert.deepEqual(near.view(DAPP, 'last_result', { account_id: ALICE }), rec, 'the view returns the stored record');
    const logs = out.receipts_outcome.filter((o) => o.outcome.executor_id === DAPP).flatMap((o) => o.outcome.logs);
    assert.ok(logs.includes(`dapp_result: ${JSON.stringify(rec)}`), `on_result logs its record: ${logs.join(' | ')}`);

    const view = await world.errandAs(ALICE).getRequestRaw(req.requestId);
    const charged = BigInt(String(view?.['charged']));
    const refunded = BigInt(String(view?.['refunded']));
    const storageFee = BigInt(String(view?.['storage_fee']));
    assert.equal(view?.['status'], 'resolved');
    assert.ok(charged > 0n && refunded > 0n && storageFee > 0n);
    assert.equal(charged + refunded + storageFee, deposit);
    assert.equal(balance(near, ALICE), before.alice - deposit, 'the caller paid the deposit');
    assert.equal(balance(near, WORKER) - before.worker, charged, 'the worker got the charge');
    assert.equal(balance(near, DAPP) - before.dapp, refunded, 'the payer (the dApp) got the refund');
    assert.equal(balance(near, ERRAND), before.errand + storageFee, 'Errand kept only the storage fee backing the record');
  });

  it('records a yield timeout as an error (ERR_TIMED_OUT); the dApp gets all but the base fee back', async () => {
    world = await startWorld({ requestTimeoutBlocks: 5, yieldTimeoutBlocks: 6 });
    const { near } = world;
    const deposit = await world.errandAs(ALICE).estimateCost(LIMITS, undefined, { inputBytes: 0 });
    const baseFee = BigInt((await world.errandAs(ALICE).view<{ pricing: { base_fee: string } }>('get_config')).pricing.base_fee);
    const dappBefore = balance(near, DAPP);
    const start = near.height;
    // No worker resolves: the auto block producer runs while the yield is open, until it times out.
    const rec = finalValue(await callDapp(near, ALICE, 'ask', { input: '', source: WIRE_SOURCE, limits: WIRE_LIMITS }, deposit)) as Rec;
    assert.equal(rec.outcome, 'error');
    assert.equal(rec.response?.['success'], false);
    assert.equal((rec.response?.['error'] as { code: string }).code, 'ERR_TIMED_OUT');
    assert.ok(rec.block_height >= start + 6, `recorded after the yield timeout (block ${rec.block_height}, asked at ${start})`);
    assert.deepEqual(near.view(DAPP, 'last_result', { account_id: ALICE }), rec);
    const lastId = (await world.errandAs(ALICE).view<{ next_request_id: number }>('get_config')).next_request_id - 1;
    const settled = await world.errandAs(ALICE).getRequestRaw(String(lastId));
    const storageFee = BigInt(String(settled?.['storage_fee']));
    assert.ok(storageFee > 0n);
    assert.equal(
      balance(near, DAPP) - dappBefore,
      deposit - baseFee - storageFee,
      "refund to the payer: deposit minus the base fee and the record's storage fee",
    );
    assert.equal((await world.errandAs(ALICE).view<{ fees_collected: string }>('get_config')).fees_collected, baseFee.toString());
  });

  it('records a failure the worker reports (ask with its least gas, 85 Tgas); the worker gets the base fee', async () => {
    world = await startWorld();
    const { near } = world;
    const deposit = await world.errandAs(ALICE).estimateCost(LIMITS, undefined, { inputBytes: 4 });
    const before = { dapp: balance(near, DAPP), worker: balance(near, WORKER) };
    // The least gas ask accepts is enough for the whole round trip.
    const asked = callDapp(near, ALICE, 'ask', { input: 'loop', source: WIRE_SOURCE, limits: WIRE_LIMITS }, deposit, 85n * TGAS);
    const req = await nextRequested(world);
    await resolveAsWorker(world, req.requestId, { success: false, error: { code: 'EXECUTOR__FUEL_EXHAUSTED', message: 'out of fuel' }, resourcesUsed: used });
    const rec = finalValue(await asked) as Rec;
    assert.equal(rec.outcome, 'error');
    assert.deepEqual(rec.response?.['error'], { code: 'EXECUTOR__FUEL_EXHAUSTED', message: 'out of fuel' });
    const view = await world.errandAs(ALICE).getRequestRaw(req.requestId);
    assert.equal(balance(near, WORKER) - before.worker, BigInt(String(view?.['charged'])));
    assert.equal(balance(near, DAPP) - before.dapp, BigInt(String(view?.['refunded'])));
  });

  it('records a failed request_execution (deposit too small) as promise_failed; NEAR returns the deposit to the dApp', async () => {
    world = await startWorld();
    const { near } = world;
    const before = { alice: balance(near, ALICE), dapp: balance(near, DAPP) };
    const rec = finalValue(await callDapp(near, ALICE, 'ask', { input: 'x', source: WIRE_SOURCE, limits: WIRE_LIMITS }, 1000n)) as Rec;
    assert.deepEqual({ outcome: rec.outcome, response: rec.response }, { outcome: 'promise_failed', response: null });
    assert.equal(balance(near, ALICE), before.alice - 1000n);
    assert.equal(balance(near, DAPP), before.dapp + 1000n, 'the refund of a failed call goes to its predecessor, the dApp');
  });

  it('refuses bad calls with coded errors and returns the deposit to the caller', async () => {
    world = await startWorld();
    const { near } = world;
    const aliceBefore = balance(near, ALICE);
    const ask = { input: 'x', source: WIRE_SOURCE, limits: WIRE_LIMITS };
    const fails = async (method: string, args: unknown, code: string, deposit = 10n ** 22n, gas?: bigint): Promise<void> => {
      const out = await callDapp(near, ALICE, method, args, deposit, gas);
      assert.throws(
        () => finalValue(out),
        (e: Error) => new RegExp(`^${code}: `).test(e.message) || assert.fail(`${method} ${JSON.stringify(args)}: ${e.message}`),
      );
    };
    await fails('ask', ask, 'ERR_DEPOSIT_REQUIRED', 0n);
    await fails('ask', ask, 'ERR_NOT_ENOUGH_GAS', 10n ** 22n, 85n * TGAS - 1n);
    await fails('ask', { ...ask, limits: 'big' }, 'ERR_INVALID_ARGS');
    await fails('ask', { ...ask, input: 5 }, 'ERR_INVALID_ARGS');
    await fails('ask', { input: 'x', source: WIRE_SOURCE }, 'ERR_INVALID_ARGS');
    await fails('ask', { ...ask, payer: 'bob.test' }, 'ERR_INVALID_ARGS');
    await fails('on_result', { caller: ALICE }, 'ERR_PRIVATE', 0n);
    await fails('new', { errand_contract: 'evil.test' }, 'ERR_PRIVATE', 0n);
    assert.equal(balance(near, ALICE), aliceBefore, 'every failed call returned its deposit');
    assert.equal(near.view(DAPP, 'last_result', { account_id: 'nobody.test' }), null);
    assert.deepEqual(near.view(DAPP, 'get_config'), { errand_contract: ERRAND });
    assert.throws(() => near.view(DAPP, 'last_result', { account_id: 'Not Valid' }), /ERR_INVALID_ACCOUNT_ID/);
  });
});
