/**
 * Real programs compiled from C (clang + wasi-libc) and Rust (Debian rustc, wasm32-wasi) run
 * correctly metered: same output as unmetered, stdin/env/args delivered, exit codes reported.
 */
import assert from 'node:assert/strict';
import { program } from './helpers/programs.ts';
import { LIMITS, useExecutor } from './helpers/useExecutor.ts';
import { requireTools } from '../setup/requireTools.ts';

describe('executor: real C and Rust programs', function () {
  before(async function () {
    await requireTools(this, ['clang-14', 'rustc']);
  });
  this.timeout(240_000);
  const executor = useExecutor();

  it('C: reads stdin and env, output identical metered and unmetered', async () => {
    const wasm = await program('checksum.c');
    const opts = { ...LIMITS, input: 'hello world\n'.repeat(1000), env: { WHO: 'tester' } };
    const metered = await executor().run(wasm, opts);
    const unmetered = await executor().run(wasm, { ...opts, unmetered: true });
    assert.equal(metered.status, 'ok');
    assert.match(metered.stdout, /^len=12000 fnv=[0-9a-f]{8} fib=6765 who=tester\n$/);
    assert.equal(metered.stdout, unmetered.stdout);
    assert.ok(metered.fuelUsed > 100_000, `fuel ${metered.fuelUsed}`);
    assert.equal(unmetered.fuelUsed, 0);
  });

  it('C: too little fuel stops it with fuel_exhausted', async () => {
    const r = await executor().run(await program('checksum.c'), { ...LIMITS, fuel: 10_000 });
    assert.equal(r.status, 'fuel_exhausted');
    assert.equal(r.fuelUsed, 10_000);
  });

  it('Rust: stdin, env, args, stderr, and a non-zero exit', async () => {
    const wasm = await program('wordStats.rs');
    const input = 'the cat and the dog and THE bird';
    const ok = await executor().run(wasm, { ...LIMITS, input, env: { GREETING: 'hi' }, args: ['x'], name: 'stats' });
    assert.equal(ok.status, 'ok', JSON.stringify(ok));
    assert.equal(ok.stdout, 'hi words=8 distinct=5 repeated=[and=2,the=3] args=["stats", "x"]\n');
    assert.equal(ok.stderr, 'done\n');
    const fail = await executor().run(wasm, { ...LIMITS, input, args: ['fail'] });
    assert.equal(fail.status, 'exit_nonzero');
    assert.equal(fail.exitCode, 3);
    const again = await executor().run(wasm, { ...LIMITS, input, env: { GREETING: 'hi' }, args: ['x'], name: 'stats' });
    assert.equal(again.fuelUsed, ok.fuelUsed);
  });

  it("Rust: a memory cap below the module's own initial memory is memory_limit, before running", async () => {
    const r = await executor().run(await program('wordStats.rs'), { ...LIMITS, memoryMb: 1, input: 'a b c' });
    assert.equal(r.status, 'memory_limit');
    assert.equal(r.fuelUsed, 0);
  });
});
