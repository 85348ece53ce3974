/**
 * Loop metering of contract modules (contracts/near/local/vm/meterLoops.ts): a runaway loop
 * traps with the fuel global at 0, a finite loop computes the same result as unmetered, and a
 * module with an opcode the rewriter does not know is left to the wall-clock guard (null).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { FUEL_EXPORT, meterLoops } from '../../../contracts/near/local/vm/meterLoops.ts';
import { probeWasm } from './helpers.ts';

interface Api { Module: new (b: Uint8Array) => object; Instance: new (m: object, i: object) => { exports: Record<string, unknown> }; validate(b: Uint8Array): boolean; RuntimeError: new () => Error }
const W = (globalThis as unknown as { WebAssembly: Api }).WebAssembly;

const header = [0, 97, 115, 109, 1, 0, 0, 0];
/** (func (export "spin") (loop br 0)) */
const SPIN = new Uint8Array([...header, 1, 4, 1, 0x60, 0, 0, 3, 2, 1, 0, 7, 8, 1, 4, 115, 112, 105, 110, 0, 0, 10, 9, 1, 7, 0, 0x03, 0x40, 0x0c, 0x00, 0x0b, 0x0b]);
/** (func (export "sum") (param i32) (result i32) (local i32) sums 1..n with a loop */
const SUM = new Uint8Array([...header, 1, 6, 1, 0x60, 1, 0x7f, 1, 0x7f, 3, 2, 1, 0, 7, 7, 1, 3, 115, 117, 109, 0, 0,
  10, 27, 1, 25, 1, 1, 0x7f, 0x03, 0x40, 0x20, 1, 0x20, 0, 0x6a, 0x21, 1, 0x20, 0, 0x41, 1, 0x6b, 0x22, 0, 0x0d, 0, 0x0b, 0x20, 1, 0x0b]);

describe('local NEAR VM: loop metering', () => {
  it('stops a loop that never ends: an unreachable trap with the fuel global at 0', () => {
    const m = meterLoops(SPIN, 1_000_000);
    assert.ok(m && W.validate(m));
    const inst = new W.Instance(new W.Module(m), {});
    assert.throws(() => (inst.exports['spin'] as () => void)(), (e: unknown) => e instanceof W.RuntimeError);
    assert.equal((inst.exports[FUEL_EXPORT] as { value: number }).value, 0);
  });

  it('leaves a finite loop its result and the fuel it did not use', () => {
    assert.ok(W.validate(SUM));
    const m = meterLoops(SUM, 1000)!;
    const inst = new W.Instance(new W.Module(m), {});
    assert.equal((inst.exports['sum'] as (n: number) => number)(100), 5050);
    assert.equal((inst.exports[FUEL_EXPORT] as { value: number }).value, 900);
  });

  it('rewrites the real contract and the probe into valid modules', async () => {
    for (const code of [new Uint8Array(readFileSync(new URL('../../../contracts/near/errand.wasm', import.meta.url))), await probeWasm()]) {
      const m = meterLoops(code, 1000);
      assert.ok(m && W.validate(m));
    }
  });

  it('returns null for an opcode it does not know (left to the wall-clock guard)', () => {
    const simd = new Uint8Array(SPIN);
    simd[simd.length - 4] = 0xfd; // the `br` becomes a SIMD prefix
    assert.equal(meterLoops(simd, 10), null);
  });
});
