/**
 * Differential tests: the same module, metered and unmetered, must give the same results, the same
 * host calls and the same traps. modules/families.wat exercises every instruction family of 2.0.
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { FUEL_IMPORT_MODULE, FUEL_IMPORT_NAME, instrumentModule, type InstrumentOptions } from '../../../worker/executor/instrument/index.ts';
import { instantiate, wat } from './support/wat.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const token = { token: 'externref' };

const CALLS: [string, unknown[]][] = [
  ['i32ops', [7, 3]],
  ['i32ops', [-5, 31]],
  ['i32ops', [0x7fffffff, -1]],
  ['i32ops', [0, 0]],
  ['i32div', [100, 7]],
  ['i32div', [-100, 7]],
  ['i32div', [1, 0]],
  ['i32div', [-2147483648, -1]],
  ['i64ops', [7n, 3n]],
  ['i64ops', [-5n, 63n]],
  ['i64ops', [1n << 62n, -1n]],
  ['i64div', [100n, -7n]],
  ['i64div', [1n, 0n]],
  ['f64ops', [1.5, -2.25]],
  ['f64ops', [0, 0]],
  ['f64ops', [Number.NaN, 1]],
  ['f64ops', [-0, Infinity]],
  ['f32ops', [1.5, -2.25]],
  ['f32ops', [3.4e38, 1e-45]],
  ['convert', [123.75]],
  ['convert', [-1e30]],
  ['convert', [Number.NaN]],
  ['convert', [4e9]],
  ['memops', [0]],
  ['memops', [500]],
  ['memops', [65530]],
  ['bulk', [4]],
  ['bulk', [24]],
  ['bulk', [30]],
  ['tables', [0]],
  ['tables', [1]],
  ['tables', [2]],
  ['tables', [9]],
  ['externs', [token, 1]],
  ['externs', [null, 3]],
  ['externs', [token, 9]],
  ['multi', [10, 3]],
  ['multi', [-4, 9]],
  ['brtable', [0]],
  ['brtable', [17]],
  ['brtable', [100]],
  ['selects', [0]],
  ['selects', [1]],
  ['simd', [0]],
  ['simd', [12345]],
  ['simd', [-1]],
  ['trap_unreachable', []],
  ['trap_oob', [65536]],
  ['trap_oob', [-4]],
  ['recurse', [1000]],
  ['recurse', [1e7]],
  ['nops', []],
];

type Outcome = { value?: unknown; trap?: string; logs: number[] };

function runAll(bytes: Uint8Array, extraImports: WebAssembly.Imports = {}): Outcome[] {
  const logs: number[] = [];
  const exports = instantiate(bytes, {
    env: { log: (x: number) => logs.push(x), base: new WebAssembly.Global({ value: 'i32', mutable: false }, 40) },
    ...extraImports,
  });
  return CALLS.map(([name, args]) => {
    logs.length = 0;
    try {
      return { value: exports[name](...args), logs: [...logs] };
    } catch (e) {
      const trap = e instanceof RangeError ? 'stack overflow' : (e as Error).message;
      return { trap, logs: [...logs] };
    }
  });
}

describe('instrument: differential (metered and unmetered behave the same)', () => {
  let families: Uint8Array;
  before(async () => {
    families = await wat(await readFile(path.join(here, 'modules', 'families.wat'), 'utf8'));
  });

  const modes: [string, InstrumentOptions][] = [
    ['exported counter', { initialFuel: 1n << 50n }],
    ['imported counter', { initialFuel: 0n, fuelGlobal: 'import' }],
    ['memory cap and deferred start', { initialFuel: 1n << 50n, memoryMaxPages: 2, deferStart: true }],
  ];
  for (const [label, options] of modes) {
    it(`every instruction family, ${label}`, () => {
      const expected = runAll(families);
      const metered = instrumentModule(families, options);
      assert.ok(WebAssembly.validate(metered));
      const fuel = new WebAssembly.Global({ value: 'i64', mutable: true }, 1n << 50n);
      const actual = runAll(metered, { [FUEL_IMPORT_MODULE]: { [FUEL_IMPORT_NAME]: fuel } });
      for (let i = 0; i < CALLS.length; i++) {
        assert.deepEqual(actual[i], expected[i], `${CALLS[i]![0]}(${CALLS[i]![1].map(String).join(', ')})`);
      }
      assert.ok(
        expected.some((o) => o.trap === 'stack overflow'),
        'unbounded recursion is part of the test',
      );
      assert.ok(expected.filter((o) => o.trap).length >= 5, 'traps are part of the test');
      if (options.fuelGlobal === 'import') assert.ok((fuel.value as bigint) < 1n << 50n, 'the imported counter was charged');
    });
  }

  it('is deterministic: the same input gives byte-identical output', () => {
    const a = instrumentModule(families, { initialFuel: 99n });
    const b = instrumentModule(families, { initialFuel: 99n });
    assert.deepEqual(a, b);
  });
});
