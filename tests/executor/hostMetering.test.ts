/**
 * Host calls cost fuel (worker/executor/instrument/costModel.ts): a loop on a host call ends
 * `fuel_exhausted` under the default limits instead of running into the wall clock, and the fuel
 * of a run that makes host calls is the same on every run and includes their prices exactly.
 */
import assert from 'node:assert/strict';
import { HOST_BYTE_FUEL, HOST_CALL_FUEL, HOST_POLL_SUBSCRIPTION_FUEL, HOST_RANDOM_BYTE_FUEL } from '../../worker/executor/instrument/costModel.ts';
import { DEFAULT_RUN_LIMITS } from '../../worker/executor/index.ts';
import { adaptCommand } from './helpers/components.ts';
import { LIMITS, useExecutor } from './helpers/useExecutor.ts';
import { wat } from './helpers/wat.ts';

const IMPORTS = `
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "random_get" (func $random_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "poll_oneoff" (func $poll (param i32 i32 i32 i32) (result i32)))`;

/**
 * Calls `call` `n` times (n = -1: forever). Memory: iovec at 0 -> (1024, 65536); one relative
 * clock subscription of 1 µs at 96; events at 200; random bytes at 65536.
 */
function hostLoop(call: string, n: number): string {
  return `(module ${IMPORTS} (memory (export "memory") 32)
    (func (export "_start") (local $i i32)
      (i32.store (i32.const 0) (i32.const 1024)) (i32.store (i32.const 4) (i32.const 65536))
      (i64.store (i32.const 120) (i64.const 1000))
      (loop $l ${call}
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br_if $l (i32.or (i32.eq (i32.const ${n}) (i32.const -1)) (i32.lt_u (local.get $i) (i32.const ${n}))))))) `;
}

const FD_WRITE_64K = '(drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))';
const RANDOM_1M = '(drop (call $random_get (i32.const 65536) (i32.const 1048576)))';
const RANDOM_16 = '(drop (call $random_get (i32.const 65536) (i32.const 16)))';
const POLL_ONE = '(drop (call $poll (i32.const 96) (i32.const 200) (i32.const 1) (i32.const 300)))';

describe('executor: host calls are metered', () => {
  const executor = useExecutor();

  for (const [name, call] of [
    ['fd_write of 64 KiB', FD_WRITE_64K],
    ['random_get of 1 MiB', RANDOM_1M],
    ['poll_oneoff on a clock', POLL_ONE],
  ] as const) {
    it(`a loop on ${name} ends fuel_exhausted under the default limits, not timeout`, async () => {
      const r = await executor().run(await wat(hostLoop(call, -1)), DEFAULT_RUN_LIMITS);
      assert.equal(r.status, 'fuel_exhausted', r.error?.message);
      assert.equal(r.error?.code, 'EXECUTOR__FUEL_EXHAUSTED');
      assert.equal(r.fuelUsed, DEFAULT_RUN_LIMITS.fuel);
    });
  }

  it('each call adds exactly its price, the same on every run', async () => {
    const cases = [
      { call: RANDOM_16, price: HOST_CALL_FUEL + 16 * HOST_RANDOM_BYTE_FUEL },
      { call: FD_WRITE_64K, price: HOST_CALL_FUEL + 65536 * HOST_BYTE_FUEL },
      { call: POLL_ONE, price: HOST_CALL_FUEL + HOST_POLL_SUBSCRIPTION_FUEL },
    ];
    for (const { call, price } of cases) {
      const fuel = async (n: number): Promise<number> => {
        const seen = new Set<number>();
        for (let i = 0; i < 3; i++) {
          const r = await executor().run(await wat(hostLoop(call, n)), { ...LIMITS, maxOutputBytes: 1 << 20 });
          assert.equal(r.status, 'ok');
          seen.add(r.fuelUsed);
        }
        assert.equal(seen.size, 1, `fuel differs across runs: ${[...seen].join(', ')}`);
        return [...seen][0]!;
      };
      const ten = await fuel(10);
      const twenty = await fuel(20);
      // Ten more iterations: ten calls plus the loop's own instructions (fewer than 30 each).
      const perIteration = (twenty - ten) / 10;
      assert.ok(perIteration >= price && perIteration < price + 30, `${call}: ${perIteration} per iteration, price ${price}`);
    }
  });

  it('a call the fuel cannot pay for does nothing: fd_write with too little fuel prints nothing', async () => {
    const r = await executor().run(await wat(hostLoop(FD_WRITE_64K, 1)), { ...LIMITS, fuel: HOST_CALL_FUEL + 1000 });
    assert.equal(r.status, 'fuel_exhausted');
    assert.equal(r.stdout, '');
  });

  it('preview 2: a component looping on stream writes runs out of fuel; a finite one uses the same fuel every run', async () => {
    const loop = await adaptCommand(await wat(hostLoop(FD_WRITE_64K, -1)));
    const r = await executor().run(loop, { ...LIMITS, fuel: 200_000_000 });
    assert.equal(r.status, 'fuel_exhausted');
    const finite = async (n: number): Promise<number> => {
      const component = await adaptCommand(await wat(hostLoop(RANDOM_16, n)));
      const seen = new Set<number>();
      for (let i = 0; i < 3; i++) seen.add((await executor().run(component, LIMITS)).fuelUsed);
      assert.equal(seen.size, 1);
      return [...seen][0]!;
    };
    const perIteration = ((await finite(20)) - (await finite(10))) / 10;
    // The adapter's own instructions come on top of the host's price.
    assert.ok(perIteration >= HOST_CALL_FUEL + 16 * HOST_RANDOM_BYTE_FUEL, `${perIteration} per iteration`);
  });
});
