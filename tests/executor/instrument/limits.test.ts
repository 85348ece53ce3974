import assert from 'node:assert/strict';
import { isErrandError } from '../../../common/errors/index.ts';
import {
  DEFERRED_START_EXPORT,
  FUEL_GLOBAL_EXPORT,
  FUEL_IMPORT_MODULE,
  FUEL_IMPORT_NAME,
  inspectModule,
  instrumentModule,
} from '../../../worker/executor/instrument/index.ts';
import { instantiate, wat, type TestExports } from './support/wat.ts';

const LOOP_FOREVER = `(module (func (export "spin") (loop br 0)))`;

function fuelOf(exports: TestExports): bigint {
  return (exports[FUEL_GLOBAL_EXPORT] as WebAssembly.Global).value as bigint;
}

describe('instrument: fuel exhaustion, start functions, counter modes, memory cap', () => {
  it('an empty infinite loop traps with the counter below zero', async () => {
    const exports = instantiate(instrumentModule(await wat(LOOP_FOREVER), { initialFuel: 1_000_000n }));
    assert.throws(
      () => exports.spin(),
      (e) => e instanceof WebAssembly.RuntimeError && /unreachable/.test(e.message),
    );
    assert.ok(fuelOf(exports) < 0n);
  });

  it('exactly enough fuel succeeds with the counter at zero; one less traps below zero', async () => {
    const text = `(module (func (export "f") (result i32) i32.const 1 i32.const 2 i32.add))`;
    const enough = instantiate(instrumentModule(await wat(text), { initialFuel: 4n }));
    assert.equal(enough.f(), 3);
    assert.equal(fuelOf(enough), 0n);
    const short = instantiate(instrumentModule(await wat(text), { initialFuel: 3n }));
    assert.throws(() => short.f(), WebAssembly.RuntimeError);
    assert.equal(fuelOf(short), -1n);
  });

  it('running out between checks never reaches the host: it traps before the import call, below zero', async () => {
    const text = `(module (import "env" "effect" (func $effect (param i32)))
      (func (export "f") (param i32)
        (block (br_if 0 (local.get 0)) (drop (i32.add (i32.const 1) (i32.const 2))))
        (call $effect (i32.const 7))))`;
    // entry: block, local.get, br_if = 3 (checked); const, const, add, drop, end = 5 (unchecked); const, call, end = 3
    for (let fuel = 0n; fuel <= 13n; fuel++) {
      const effects: number[] = [];
      const exports = instantiate(instrumentModule(await wat(text), { initialFuel: fuel }), { env: { effect: (x: number) => effects.push(x) } });
      if (fuel >= 11n) {
        exports.f(0);
        assert.deepEqual(effects, [7]);
        assert.equal(fuelOf(exports), fuel - 11n);
      } else {
        assert.throws(() => exports.f(0), /unreachable/, `fuel ${fuel}`);
        assert.deepEqual(effects, [], `fuel ${fuel}: the host saw nothing`);
        assert.ok(fuelOf(exports) < 0n);
      }
    }
  });

  it('the host can refill the exported counter between calls', async () => {
    const exports = instantiate(instrumentModule(await wat(LOOP_FOREVER), { initialFuel: 0n }));
    assert.throws(() => exports.spin(), WebAssembly.RuntimeError);
    (exports[FUEL_GLOBAL_EXPORT] as WebAssembly.Global).value = 100n;
    assert.throws(() => exports.spin(), WebAssembly.RuntimeError);
    assert.ok(fuelOf(exports) < 0n);
  });

  it('a start function that loops is metered (it traps during instantiation)', async () => {
    const bytes = instrumentModule(await wat(`(module (func $s (loop br 0)) (start $s))`), { initialFuel: 10_000n });
    assert.throws(() => instantiate(bytes), WebAssembly.RuntimeError);
  });

  it('deferStart exports the start function as errand_start and removes the start section', async () => {
    const text = `(module (global $g (export "g") (mut i32) (i32.const 0))
      (func $s (global.set $g (i32.const 42))) (start $s))`;
    const bytes = instrumentModule(await wat(text), { initialFuel: 100n, deferStart: true });
    assert.equal(inspectModule(bytes).hasStart, false);
    const exports = instantiate(bytes);
    assert.equal((exports.g as WebAssembly.Global).value, 0, 'start did not run at instantiation');
    exports[DEFERRED_START_EXPORT]();
    assert.equal((exports.g as WebAssembly.Global).value, 42);
    assert.equal(fuelOf(exports), 100n - 3n);

    const looping = instantiate(instrumentModule(await wat(`(module (func $s (loop br 0)) (start $s))`), { initialFuel: 0n, deferStart: true }));
    (looping[FUEL_GLOBAL_EXPORT] as WebAssembly.Global).value = 5000n;
    assert.throws(() => looping[DEFERRED_START_EXPORT](), WebAssembly.RuntimeError);
    assert.ok(fuelOf(looping) < 0n);
    const noStart = instrumentModule(await wat(`(module (func))`), { initialFuel: 1n, deferStart: true });
    assert.ok(!inspectModule(noStart).exports.some((e) => e.name === DEFERRED_START_EXPORT));
  });

  it("fuelGlobal 'import': modules share one imported counter; defined globals keep working", async () => {
    const callee = `(module (global $base (import "env" "base") i32)
      (global $k (mut i32) (global.get $base)) (global $c i32 (i32.const 5))
      (func (export "bump") (result i32)
        (global.set $k (i32.add (global.get $k) (global.get $c))) (global.get $k))
      (export "k" (global $k)))`;
    const caller = `(module (import "m" "bump" (func $bump (result i32)))
      (func (export "twice") (result i32) call $bump drop call $bump))`;
    const fuel = new WebAssembly.Global({ value: 'i64', mutable: true }, 1000n);
    const calleeBytes = instrumentModule(await wat(callee), { initialFuel: 0n, fuelGlobal: 'import' });
    const info = inspectModule(calleeBytes);
    assert.deepEqual(info.imports.at(-1), { module: FUEL_IMPORT_MODULE, name: FUEL_IMPORT_NAME, kind: 'global' });
    assert.ok(!info.exports.some((e) => e.name === FUEL_GLOBAL_EXPORT));
    const base = new WebAssembly.Global({ value: 'i32', mutable: false }, 100);
    const m = instantiate(calleeBytes, { env: { base }, [FUEL_IMPORT_MODULE]: { [FUEL_IMPORT_NAME]: fuel } });
    const c = instantiate(instrumentModule(await wat(caller), { initialFuel: 0n, fuelGlobal: 'import' }), {
      m: { bump: m.bump },
      [FUEL_IMPORT_MODULE]: { [FUEL_IMPORT_NAME]: fuel },
    });
    assert.equal(c.twice(), 110);
    assert.equal((m.k as WebAssembly.Global).value, 110);
    // caller: call, drop, call, end = 4; bump: 5 instructions + end = 6, twice
    assert.equal(fuel.value, 1000n - 4n - 2n * 6n);
  });

  it('caps every defined memory maximum and rejects an initial size above the cap', async () => {
    const capped = instrumentModule(await wat(`(module (memory 2 10))`), { initialFuel: 1n, memoryMaxPages: 5 });
    assert.deepEqual(inspectModule(capped).memories, [{ min: 2, max: 5, imported: false }]);
    const unbounded = instrumentModule(await wat(`(module (memory 2))`), { initialFuel: 1n, memoryMaxPages: 5 });
    assert.deepEqual(inspectModule(unbounded).memories, [{ min: 2, max: 5, imported: false }]);
    const lower = instrumentModule(await wat(`(module (memory 1 3))`), { initialFuel: 1n, memoryMaxPages: 5 });
    assert.deepEqual(inspectModule(lower).memories, [{ min: 1, max: 3, imported: false }]);
    const imported = instrumentModule(await wat(`(module (import "env" "mem" (memory 8)))`), { initialFuel: 1n, memoryMaxPages: 5 });
    assert.deepEqual(inspectModule(imported).memories, [{ min: 8, imported: true }]);
    assert.throws(
      () => instrumentModule(new Uint8Array(0), { initialFuel: 1n }),
      (e) => isErrandError(e, 'EXECUTOR__INVALID_MODULE'),
    );
    const big = await wat(`(module (memory 8))`);
    assert.throws(
      () => instrumentModule(big, { initialFuel: 1n, memoryMaxPages: 5 }),
      (e) => isErrandError(e, 'EXECUTOR__MEMORY_LIMIT') && e.context.initialPages === 8 && e.context.maxPages === 5,
    );
  });

  it('memory.grow past the cap fails the way the spec says (returns -1)', async () => {
    const text = `(module (memory 1) (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0))))`;
    const exports = instantiate(instrumentModule(await wat(text), { initialFuel: 1n << 40n, memoryMaxPages: 3 }));
    assert.equal(exports.grow(2), 1);
    assert.equal(exports.grow(1), -1);
  });

  it('inspectModule lists imports, exports, memories and the start function', async () => {
    const info = inspectModule(
      await wat(`(module (import "wasi_snapshot_preview1" "fd_write" (func (param i32 i32 i32 i32) (result i32)))
      (memory (export "memory") 1 2) (func $s) (start $s) (export "_start" (func $s)) (table (export "t") 1 funcref))`),
    );
    assert.deepEqual(info, {
      imports: [{ module: 'wasi_snapshot_preview1', name: 'fd_write', kind: 'function' }],
      exports: [
        { name: 'memory', kind: 'memory' },
        { name: '_start', kind: 'function' },
        { name: 't', kind: 'table' },
      ],
      memories: [{ min: 1, max: 2, imported: false }],
      hasStart: true,
    });
  });

  it('rejects bad options with COMMON__INVALID_ARGUMENT', async () => {
    const bytes = await wat(`(module)`);
    for (const bad of [{ initialFuel: -1n }, { initialFuel: 1n << 63n }, { initialFuel: 1n, memoryMaxPages: 70000 }, { initialFuel: 5 as unknown as bigint }]) {
      assert.throws(
        () => instrumentModule(bytes, bad),
        (e) => isErrandError(e, 'COMMON__INVALID_ARGUMENT'),
        JSON.stringify(String(bad.initialFuel)),
      );
    }
  });
});
