/**
 * Real programs compiled from C (clang-14 + wasi-libc) and Rust (Debian rustc, wasm32-wasi) — the
 * benchmark programs of bench/programs at small sizes given in argv[1] — run
 * with the same output metered and unmetered, use the same fuel run after run, and round-trip:
 * the instrumented code, with the inserted sequences removed, prints exactly as the original.
 */
import assert from 'node:assert/strict';
import { FUEL_GLOBAL_EXPORT, instrumentModule } from '../../../worker/executor/instrument/index.ts';
import { benchProgram } from '../helpers/programs.ts';
import { runWasi } from './support/wasiStub.ts';
import { toText } from './support/wat.ts';
import { requireTools } from '../../setup/requireTools.ts';

/** Program, size in argv[1] (KiB, limit, steps, records), expected stdout at that size. */
const PROGRAMS: [string, string, RegExp][] = [
  ['sha256.c', '64', /^[0-9a-f]{64}\n$/],
  ['sieve.c', '200000', /^17984\n$/],
  ['nbody.c', '1000', /^-0\.169075164\n-0\.169087605\n$/],
  ['json.rs', '2000', /^bytes=\d+ sum=994027 tags=3000 quotes=4000\n$/],
];

const FUEL = 1n << 50n;

/** Removes what the instrumenter inserts from wasm-tools' text of the code, leaving the original. */
function stripMetering(lines: string[], fuelGlobal: number): string[] {
  const out: string[] = [];
  const F = String(fuelGlobal);
  const at = (i: number): string => lines[i]?.trim() ?? '';
  const isTail = (i: number): boolean =>
    at(i) === 'i64.sub' &&
    /^local\.tee \d+$/.test(at(i + 1)) &&
    at(i + 2) === 'i64.const 0' &&
    at(i + 3) === 'i64.lt_s' &&
    at(i + 4).startsWith('if') &&
    at(i + 6) === `global.set ${F}` &&
    at(i + 7) === 'unreachable' &&
    at(i + 8) === 'end';
  for (let i = 0; i < lines.length; i++) {
    const l = at(i);
    if ((l === `global.get ${F}` || /^local\.get \d+$/.test(l)) && /^i64\.const \d+$/.test(at(i + 1)) && isTail(i + 2)) {
      i += 10; // static charge: 11 lines
      continue;
    }
    if (/^local\.tee \d+$/.test(l) && at(i + 3) === 'i64.extend_i32_u') {
      const shift = /^i64\.const \d+$/.test(at(i + 4)) ? 2 : 0;
      if (isTail(i + 4 + shift)) {
        i += 12 + shift; // dynamic charge: 13 or 15 lines
        continue;
      }
    }
    if (/^local\.get \d+$/.test(l) && /^i64\.const \d+$/.test(at(i + 1)) && at(i + 2) === 'i64.sub' && at(i + 3) === l.replace('get', 'set')) {
      i += 3; // unchecked charge: 4 lines
      continue;
    }
    if (/^local\.get \d+$/.test(l) && at(i + 1) === `global.set ${F}` && at(i + 2) === l && at(i + 3) === 'i64.const 0' && at(i + 6) === 'unreachable') {
      i += 7; // checked sync: 8 lines
      continue;
    }
    if ((/^local\.get \d+$/.test(l) && at(i + 1) === `global.set ${F}`) || (l === `global.get ${F}` && /^local\.set \d+$/.test(at(i + 1)))) {
      i += 1; // sync or reload
      continue;
    }
    out.push(lines[i]!);
  }
  return out;
}

/** The lines of the function definitions, without local declarations. */
function functionLines(text: string): string[] {
  const lines = text.split('\n');
  const first = lines.findIndex((l) => l.startsWith('  (func '));
  let last = first;
  while (last < lines.length && !/^  \((table|memory|global|export|start|elem|data|@)/.test(lines[last]!) && lines[last] !== ')') last++;
  return lines.slice(first, last).filter((l) => !/^\s*\(local /.test(l));
}

describe('instrument: real C and Rust programs', function () {
  before(async function () {
    await requireTools(this, ['clang-14', 'rustc']);
  });
  this.timeout(300_000);

  for (const [name, arg, expected] of PROGRAMS) {
    it(`${name}: same output metered and unmetered, same fuel every run`, async () => {
      const bytes = await benchProgram(name);
      const t0 = performance.now();
      const metered = instrumentModule(bytes, { initialFuel: FUEL });
      const ms = performance.now() - t0;
      console.log(`      ${name}: ${bytes.length} -> ${metered.length} bytes, instrumented in ${ms.toFixed(1)} ms`);
      const plain = runWasi(bytes, [name, arg]);
      assert.match(plain.stdout, expected);
      const runs = [runWasi(metered, [name, arg]), runWasi(metered, [name, arg])];
      for (const run of runs) {
        assert.equal(run.stdout, plain.stdout);
        assert.equal(run.exitCode, plain.exitCode);
        assert.equal(run.trap, undefined);
      }
      assert.ok(runs[0]!.fuelLeft! < FUEL);
      assert.equal(runs[0]!.fuelLeft, runs[1]!.fuelLeft);

      const used = FUEL - runs[0]!.fuelLeft!;
      const starved = instrumentModule(bytes, { initialFuel: used / 2n });
      const cut = runWasi(starved, [name, arg]);
      assert.match(cut.trap ?? '', /unreachable/);
      assert.ok(cut.fuelLeft! < 0n, 'fuel exhaustion leaves the counter below zero');
    });
  }

  it('round trip: the metered code minus the inserted sequences prints as the original', async () => {
    const bytes = await benchProgram('sieve.c');
    const original = await toText(bytes);
    const metered = await toText(instrumentModule(bytes, { initialFuel: FUEL }));
    const fuelGlobal = Number(/\(export "errand_fuel_left" \(global (\d+)\)\)/.exec(metered)![1]);
    const before = functionLines(original);
    assert.ok(before.length > 1000);
    assert.deepEqual(stripMetering(functionLines(metered), fuelGlobal), before);
    assert.ok(metered.includes(FUEL_GLOBAL_EXPORT));
  });
});
