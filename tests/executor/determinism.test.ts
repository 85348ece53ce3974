/**
 * Determinism: the same module, input and limits give the same stdout and the same fuel, run
 * after run; the seed and the input change the clocks and random stream; opting out gives
 * real randomness.
 */
import assert from 'node:assert/strict';
import { program } from './helpers/programs.ts';
import { LIMITS, useExecutor } from './helpers/useExecutor.ts';

describe('executor: determinism', function () {
  this.timeout(240_000);
  const executor = useExecutor({ threads: 2 });

  it('20 runs of a program reading clocks and random give one stdout and one fuel', async () => {
    const wasm = await program('clockRandom.c');
    const results = await Promise.all(Array.from({ length: 20 }, () => executor().run(wasm, { ...LIMITS, input: 'same input' })));
    assert.ok(
      results.every((r) => r.status === 'ok'),
      JSON.stringify(results[0]),
    );
    assert.equal(new Set(results.map((r) => r.stdout)).size, 1);
    assert.equal(new Set(results.map((r) => r.fuelUsed)).size, 1);
    assert.match(results[0].stdout, /slept_at_least=1 /);
    assert.ok(results[0].fuelUsed > 0);
  });

  it('the seed and the input select the random stream and the start time; startTimeMs fixes the wall clock', async () => {
    const wasm = await program('clockRandom.c');
    const a = await executor().run(wasm, { ...LIMITS, input: 'x' });
    const b = await executor().run(wasm, { ...LIMITS, input: 'y' });
    const seeded1 = await executor().run(wasm, { ...LIMITS, input: 'x', seed: 42 });
    const seeded2 = await executor().run(wasm, { ...LIMITS, input: 'y', seed: 42n });
    const fixed = await executor().run(wasm, { ...LIMITS, startTimeMs: 1_700_000_000_000 });
    assert.notEqual(a.stdout, b.stdout);
    assert.notEqual(a.stdout, seeded1.stdout);
    assert.equal(seeded1.stdout, seeded2.stdout);
    assert.match(fixed.stdout, /^real=1700000000\.0/);
  });

  it('nondeterministic runs read real randomness', async () => {
    const wasm = await program('clockRandom.c');
    const a = await executor().run(wasm, { ...LIMITS, nondeterministic: true });
    const b = await executor().run(wasm, { ...LIMITS, nondeterministic: true });
    const rand = (s: string): string => /rand=([0-9a-f]+)/.exec(s)?.[1] ?? '';
    assert.notEqual(rand(a.stdout), rand(b.stdout));
  });
});
