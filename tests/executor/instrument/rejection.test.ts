import assert from 'node:assert/strict';
import { isErrandError } from '../../../common/errors/index.ts';
import { instrumentModule } from '../../../worker/executor/instrument/index.ts';
import { wat } from './support/wat.ts';

const opts = { initialFuel: 1000n };

function rejectsWith(bytes: Uint8Array, code: 'EXECUTOR__UNSUPPORTED_FEATURE' | 'EXECUTOR__INVALID_MODULE', pattern: RegExp): void {
  assert.throws(
    () => instrumentModule(bytes, opts),
    (e) => {
      assert.ok(isErrandError(e, code), `expected ${code}, got ${String(e)}`);
      assert.match(e.message, pattern);
      return true;
    },
  );
}

describe('instrument: features outside WebAssembly 2.0 and malformed binaries are rejected with coded errors', () => {
  const unsupported: [string, string, RegExp][] = [
    ['atomics (0xFE)', `(module (memory 1) (func (result i32) i32.const 0 i32.atomic.load))`, /threads and atomics.*0xfe/],
    ['shared memory', `(module (memory 1 1 shared))`, /threads \(shared memory\)/],
    ['tail calls', `(module (func $f return_call $f))`, /tail calls.*0x12/],
    ['return_call_indirect', `(module (table 1 funcref) (func return_call_indirect (i32.const 0)))`, /tail calls.*0x13/],
    ['exception tags', `(module (tag $t) (func throw $t))`, /exception handling/],
    ['try_table', `(module (func (block $l (try_table (catch_all $l)))))`, /exception handling/],
    ['multi-memory', `(module (memory 1) (memory 1))`, /multi-memory/],
    ['memory64', `(module (memory i64 1))`, /memory64/],
    ['relaxed SIMD', `(module (func (param v128) (result v128) local.get 0 local.get 0 i8x16.relaxed_swizzle))`, /relaxed SIMD/],
    ['GC struct types', `(module (type (struct)))`, /garbage collection/],
    ['typed function references', `(module (type $t (func)) (func (param (ref $t))))`, /reference types beyond/],
    ['call_ref', `(module (type $t (func)) (func (param (ref null $t)) local.get 0 call_ref $t))`, /typed function references|reference types beyond/],
    ['extended constant expressions', `(module (global i32 (i32.add (i32.const 1) (i32.const 2))))`, /extended constant/],
  ];
  for (const [name, text, pattern] of unsupported) {
    it(`rejects ${name} with EXECUTOR__UNSUPPORTED_FEATURE`, async () => {
      rejectsWith(await wat(text), 'EXECUTOR__UNSUPPORTED_FEATURE', pattern);
    });
  }

  it('rejects malformed binaries with EXECUTOR__INVALID_MODULE', async () => {
    const good = await wat(`(module (func (export "f") (result i32) i32.const 1))`);
    rejectsWith(new Uint8Array([1, 2, 3]), 'EXECUTOR__INVALID_MODULE', /header/);
    rejectsWith(Uint8Array.of(0, 0x61, 0x73, 0x6d, 2, 0, 0, 0), 'EXECUTOR__INVALID_MODULE', /version/);
    rejectsWith(good.subarray(0, good.length - 3), 'EXECUTOR__INVALID_MODULE', /unexpected end|shorter|trailing/);
    rejectsWith(Uint8Array.of(...good, 0x20, 0x00), 'EXECUTOR__INVALID_MODULE', /unknown section id 0x20/);
    rejectsWith(await wat(`(component)`), 'EXECUTOR__INVALID_MODULE', /component/);
  });

  it('rejects unknown opcodes, bad section order and over-long LEB128', async () => {
    const base = [0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, 1, 4, 1, 0x60, 0, 0, 3, 2, 1, 0];
    const code = (body: number[]): Uint8Array => Uint8Array.of(...base, 10, body.length + 2, 1, body.length, ...body);
    rejectsWith(code([0, 0xc5, 0x0b]), 'EXECUTOR__INVALID_MODULE', /unknown opcode 0xc5/);
    rejectsWith(code([0, 0xfd, 0x9a, 0x01, 0x0b]), 'EXECUTOR__INVALID_MODULE', /unknown opcode 0xfd 154/);
    rejectsWith(code([0, 0x41, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00, 0x1a, 0x0b]), 'EXECUTOR__INVALID_MODULE', /LEB128 too long/);
    rejectsWith(code([0, 0x0b, 0x01]), 'EXECUTOR__INVALID_MODULE', /after its final end/);
    rejectsWith(code([0, 0x02, 0x40, 0x0b]), 'EXECUTOR__INVALID_MODULE', /unexpected end/);
    rejectsWith(code([0, 0x05, 0x0b]), 'EXECUTOR__INVALID_MODULE', /else without if/);
    rejectsWith(code([0, 0x23, 0x00, 0x1a, 0x0b]), 'EXECUTOR__INVALID_MODULE', /global index 0 out of range/);
    rejectsWith(code([0, 0x20, 0x00, 0x1a, 0x0b]), 'EXECUTOR__INVALID_MODULE', /local index out of range/);
    rejectsWith(Uint8Array.of(0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, 3, 1, 0, 1, 1, 0), 'EXECUTOR__INVALID_MODULE', /out of order/);
  });

  it('refuses modules that use the reserved fuel names', async () => {
    rejectsWith(await wat(`(module (global (export "errand_fuel_left") i32 (i32.const 0)))`), 'EXECUTOR__INVALID_MODULE', /reserved/);
    rejectsWith(await wat(`(module (import "errand" "fuel_left" (global (mut i64))))`), 'EXECUTOR__INVALID_MODULE', /reserved/);
  });
});
