/**
 * nearcore's metering on the local chain, checked on hand-counted modules: 822,756 gas per
 * instruction except block/else/end plus ceil(frame / 8) instructions per function entry (frame:
 * 64 bytes + parameters and locals), contract loading per code byte; finite-wasm's stack budget of
 * 262,144 bytes (operand stack + frame per call); and the 16 KiB total log limit per call.
 */
import assert from 'node:assert/strict';
import { LocalNear } from '../../../contracts/near/local/index.ts';
import { viewFunction } from '../../../contracts/near/local/chain/viewFunction.ts';
import { wat } from '../../common/helpers/wat.ts';
import { NEAR } from './helpers.ts';

const OP = 822_756n;
const LOADING_BASE = 35_445_963n;
const LOADING_BYTE = 1_089_295n;

/** Counts down from 10: 2 + loop 1 + 10 iterations x 8 + the exit 3 = 86 instructions, entry 9. */
const COUNTDOWN = `(module (func (export "run") (local i32)
  (local.set 0 (i32.const 10))
  (block (loop
    (br_if 1 (i32.eqz (local.get 0)))
    (local.set 0 (i32.sub (local.get 0) (i32.const 1)))
    (br 0)))))`;

/**
 * $down(n) recurses n levels: n + 1 frames of 64 + 4 (its i32) + 8 (operand stack: two i32s)
 * bytes, under an entry frame of 64 + 4 (one i32 operand). 262,144 - 68 = 3448 x 76 + 28.
 */
const RECURSION = `(module
  (func $down (param i32) (if (local.get 0) (then (call $down (i32.sub (local.get 0) (i32.const 1))))))
  (func (export "fits") (call $down (i32.const 3447)))
  (func (export "overflows") (call $down (i32.const 3448))))`;

const LOGS = `(module (import "env" "log_utf8" (func $log (param i64 i64))) (memory 1)
  (func (export "one") (call $log (i64.const 10000) (i64.const 0)))
  (func (export "two") (call $log (i64.const 10000) (i64.const 0)) (call $log (i64.const 10000) (i64.const 0))))`;

describe('near local chain: nearcore metering', function () {
  this.timeout(30_000);
  let near: LocalNear;
  before(async () => {
    near = await LocalNear.start({ gasPrice: 0n, blockIntervalMs: 0 });
  });
  after(async () => near.close());

  const deploy = async (id: string, source: string): Promise<Uint8Array> => {
    const code = await wat(source);
    near.createAccount(id, 10n * NEAR);
    near.deployContract(id, code);
    return code;
  };
  const view = (id: string, method: string): { burntGas: bigint; logs: string[] } => viewFunction(near.chain.state, id, method, new Uint8Array());

  it('charges every instruction but block/else/end, and the frame on entry', async () => {
    const code = await deploy('count.test', COUNTDOWN);
    const { burntGas } = view('count.test', 'run');
    assert.equal(burntGas, LOADING_BASE + LOADING_BYTE * BigInt(code.length) + (86n + 9n) * OP);
  });

  it("traps at finite-wasm's stack budget, one frame past what fits, without burning all the gas", async () => {
    await deploy('deep.test', RECURSION);
    const fits = view('deep.test', 'fits');
    assert.ok(fits.burntGas < 10n ** 13n);
    assert.throws(
      () => view('deep.test', 'overflows'),
      (e: Error) => /WebAssembly trap: Stack overflow\./.test(e.message),
    );
  });

  it('limits the logs of one call to 16,384 bytes in total', async () => {
    await deploy('logs.test', LOGS);
    assert.equal(view('logs.test', 'one').logs[0]?.length, 10_000);
    assert.throws(
      () => view('logs.test', 'two'),
      (e: Error) => /TotalLogLengthExceeded \{ length: 20000, limit: 16384 \}/.test(e.message),
    );
  });
});
