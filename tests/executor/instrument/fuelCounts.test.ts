import assert from 'node:assert/strict';
import { FUEL_GLOBAL_EXPORT, instrumentModule } from '../../../worker/executor/instrument/index.ts';
import { instantiate, wat } from './support/wat.ts';

const BIG = 1n << 40n;

/** Instruments with a large budget and returns a function that calls an export and reports the fuel it used. */
async function metered(text: string): Promise<(name: string, ...args: unknown[]) => { value: unknown; fuel: bigint }> {
  const exports = instantiate(instrumentModule(await wat(text), { initialFuel: BIG }));
  const fuel = exports[FUEL_GLOBAL_EXPORT] as WebAssembly.Global;
  return (name, ...args) => {
    const before = fuel.value as bigint;
    const value = exports[name](...args);
    return { value, fuel: before - (fuel.value as bigint) };
  };
}

describe('instrument: exact fuel counts (1 fuel = 1 instruction executed)', () => {
  it('charges every instruction of straight-line code, including the final end', async () => {
    const call = await metered(`(module (func (export "f") (result i32) i32.const 1 i32.const 2 i32.add))`);
    assert.deepEqual(call('f'), { value: 3, fuel: 4n });
  });

  it('a loop of k iterations costs exactly 12k + 7', async () => {
    const call = await metered(`(module
      (func (export "sum") (param $n i32) (result i32) (local $acc i32)
        (block $out
          (loop $top
            (br_if $out (i32.eqz (local.get $n)))
            (local.set $acc (i32.add (local.get $acc) (local.get $n)))
            (local.set $n (i32.sub (local.get $n) (i32.const 1)))
            (br $top)))
        (local.get $acc)))`);
    for (const k of [0, 1, 2, 10, 1000]) {
      assert.deepEqual(call('sum', k), { value: (k * (k + 1)) / 2, fuel: BigInt(12 * k + 7) }, `k=${k}`);
    }
  });

  it('if/else charges only the arm taken', async () => {
    const call = await metered(`(module (func (export "f") (param i32) (result i32)
      local.get 0
      if (result i32) i32.const 10 i32.const 1 i32.add else i32.const 20 end))`);
    assert.deepEqual(call('f', 1), { value: 11, fuel: 7n });
    assert.deepEqual(call('f', 0), { value: 20, fuel: 5n });
  });

  it('br_table charges the path of the target taken', async () => {
    const call = await metered(`(module (func (export "f") (param i32) (result i32)
      (block (block (block local.get 0 br_table 0 1 2) i32.const 100 return)
        i32.const 200 i32.const 1 i32.add return)
      i32.const 300))`);
    assert.deepEqual(call('f', 0), { value: 100, fuel: 7n });
    assert.deepEqual(call('f', 1), { value: 201, fuel: 9n });
    assert.deepEqual(call('f', 2), { value: 300, fuel: 7n });
    assert.deepEqual(call('f', 99), { value: 300, fuel: 7n });
  });

  it('recursion: fib(n) costs the sum over its calls', async () => {
    const call = await metered(`(module (func $fib (export "fib") (param i32) (result i32)
      local.get 0 i32.const 2 i32.lt_u
      if (result i32) local.get 0
      else local.get 0 i32.const 1 i32.sub call $fib local.get 0 i32.const 2 i32.sub call $fib i32.add end))`);
    const cost = (n: number): number => (n < 2 ? 7 : 15 + cost(n - 1) + cost(n - 2));
    const fib = (n: number): number => (n < 2 ? n : fib(n - 1) + fib(n - 2));
    for (const n of [0, 1, 2, 5, 15]) assert.deepEqual(call('fib', n), { value: fib(n), fuel: BigInt(cost(n)) }, `n=${n}`);
  });

  it('block and loop ends do not split a block; br_if does', async () => {
    const call = await metered(`(module (func (export "f") (param i32) (result i32)
      (block (result i32) i32.const 7 local.get 0 br_if 0 drop i32.const 8)))`);
    // taken: block, const, local.get, br_if (4) + end (1); not taken: 4 + drop, const, end(block) (3) + end (1)
    assert.deepEqual(call('f', 1), { value: 7, fuel: 5n });
    assert.deepEqual(call('f', 0), { value: 8, fuel: 8n });
  });

  it('bulk memory charges 1 fuel per 8 bytes, memory.grow 8192 per page, table ops 1 per element', async () => {
    const call = await metered(`(module
      (memory 1 4) (table 1 funcref) (data $d "0123456789abcdef0123456789abcdef") (elem $e func 0 0 0)
      (func (export "fill") (param i32) (memory.fill (i32.const 0) (i32.const 7) (local.get 0)))
      (func (export "copy") (param i32) (memory.copy (i32.const 100) (i32.const 0) (local.get 0)))
      (func (export "init") (param i32) (memory.init $d (i32.const 0) (i32.const 0) (local.get 0)))
      (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
      (func (export "tgrow") (param i32) (result i32) (table.grow (ref.null func) (local.get 0)))
      (func (export "tfill") (param i32) (table.fill (i32.const 0) (ref.null func) (local.get 0)))
      (func (export "tinit") (param i32) (table.init $e (i32.const 0) (i32.const 0) (local.get 0))))`);
    assert.equal(call('fill', 800).fuel, 5n + 100n);
    assert.equal(call('fill', 7).fuel, 5n);
    assert.equal(call('copy', 64).fuel, 5n + 8n);
    assert.equal(call('init', 32).fuel, 5n + 4n);
    assert.deepEqual(call('grow', 2), { value: 1, fuel: 3n + 2n * 8192n });
    assert.deepEqual(call('grow', 100), { value: -1, fuel: 3n + 100n * 8192n }, 'a failed grow still pays');
    assert.deepEqual(call('tgrow', 10), { value: 1, fuel: 4n + 10n });
    assert.equal(call('tfill', 11).fuel, 5n + 11n);
    assert.equal(call('tinit', 3).fuel, 5n + 3n);
  });

  it('calls: the callee charges its own blocks; fuel is the same run after run', async () => {
    const call = await metered(`(module
      (func $sq (param i32) (result i32) local.get 0 local.get 0 i32.mul)
      (func (export "f") (param i32) (result i32) local.get 0 call $sq call $sq))`);
    const first = call('f', 3);
    assert.deepEqual(first, { value: 81, fuel: 4n + 4n + 4n });
    for (let i = 0; i < 5; i++) assert.deepEqual(call('f', 3), first);
  });
});
