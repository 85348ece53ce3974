/**
 * NEAR's WebAssembly feature set per protocol version, enforced when code is deployed: the MVP
 * plus sign extension up to protocol 83, plus reference types and bulk memory from 84; never
 * saturating float-to-int, multi-value or SIMD. Both deployment paths refuse: a DeployContract
 * action (the receipt fails, the account keeps its code) and the genesis-style deployContract.
 */
import assert from 'node:assert/strict';
import { actionCreators } from '@near-js/transactions';
import { isErrandError } from '../../../common/errors/index.ts';
import { LocalNear } from '../../../contracts/near/local/index.ts';
import { wasmFeatures } from '../../../contracts/near/local/vm/wasmFeatures.ts';
import { wat } from '../../common/helpers/wat.ts';
import { errandWasm, NEAR } from './helpers.ts';

const module = (body: string, extra = ''): Promise<Uint8Array> => wat(`(module (memory 1) ${extra} (func (export "run") (local i32) ${body}))`);

describe('near local chain: WebAssembly features allowed at deploy', function () {
  this.timeout(30_000);
  let near: LocalNear | undefined;
  afterEach(async () => near?.close());

  const start = async (protocolVersion: number): Promise<LocalNear> => {
    near = await LocalNear.start({ gasPrice: 0n, protocolVersion, blockIntervalMs: 5 });
    near.createAccount('c.test', 100n * NEAR);
    return near;
  };

  it('names the features a module uses', async () => {
    assert.deepEqual([...wasmFeatures(await module('i32.const 1 i32.extend8_s drop'))], ['sign-extension']);
    assert.deepEqual([...wasmFeatures(await module('i32.const 0 i32.const 0 i32.const 8 memory.fill'))], ['bulk-memory']);
    assert.deepEqual([...wasmFeatures(await module('f32.const 1 i32.trunc_sat_f32_s drop'))], ['saturating-float-to-int']);
    assert.ok(wasmFeatures(await wat('(module (func (export "f") (result i32 i32) i32.const 1 i32.const 2))')).has('multi-value'));
    assert.deepEqual([...wasmFeatures(errandWasm())], [], 'the contract is plain MVP');
  });

  it('refuses a bulk memory contract at protocol 83 through a DeployContract action, and keeps the old code', async () => {
    const n = await start(83);
    const bulk = await module('i32.const 0 i32.const 0 i32.const 8 memory.fill');
    const raw = (await n.account('c.test').signAndSendTransaction({
      receiverId: 'c.test',
      actions: [actionCreators.deployContract(bulk)],
      waitUntil: 'EXECUTED_OPTIMISTIC',
      throwOnFailure: false,
    })) as unknown as { status: { Failure?: unknown } };
    assert.match(JSON.stringify(raw.status.Failure), /PrepareError.*not allowed at protocol 83: bulk-memory/);
    assert.equal(n.viewAccount('c.test')?.codeHash, '11111111111111111111111111111111', 'no code was deployed');
  });

  it('accepts bulk memory and reference types from protocol 84', async () => {
    const n = await start(84);
    n.deployContract('c.test', await module('i32.const 0 i32.const 0 i32.const 8 memory.fill ref.null func drop'));
    assert.notEqual(n.viewAccount('c.test')?.codeHash, '11111111111111111111111111111111');
  });

  it('refuses saturating float-to-int at the newest protocol, and accepts sign extension at 82', async () => {
    const n = await start(86);
    await assert.rejects(
      async () => n.deployContract('c.test', await module('f32.const 1 i32.trunc_sat_f32_s drop')),
      (e: unknown) => isErrandError(e, 'CHAIN__INVALID_WASM') && /saturating-float-to-int/.test(e.message),
    );
    await n.close();
    const old = await start(82);
    old.deployContract('c.test', await module('i32.const 1 i32.extend8_s drop'));
    old.deployContract('c.test', errandWasm());
  });
});
