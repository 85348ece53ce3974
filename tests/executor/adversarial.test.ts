/**
 * Hostile modules get the status the issue names, and the executor keeps working afterwards.
 * Memory growth past the cap fails like memory.grow fails (returns -1): the program decides what
 * to do, so a grow loop that checks for -1 ends `ok`; an initial memory above the cap is
 * `memory_limit` before anything runs.
 */
import assert from 'node:assert/strict';
import { command, helloCommand, wat } from './helpers/wat.ts';
import { LIMITS, useExecutor } from './helpers/useExecutor.ts';

describe('executor: adversarial modules', () => {
  const executor = useExecutor();

  it('an empty infinite loop runs out of fuel, charged exactly its budget', async () => {
    const r = await executor().run(await wat(command('(loop $l (br $l))')), { ...LIMITS, fuel: 1_000_000 });
    assert.equal(r.status, 'fuel_exhausted');
    assert.equal(r.fuelUsed, 1_000_000);
    assert.equal(r.error?.code, 'EXECUTOR__FUEL_EXHAUSTED');
  });

  it('a loop of calls runs out of fuel', async () => {
    const src = command('(loop $l (call $nop) (call $nop) (br $l))', '(func $nop)');
    const r = await executor().run(await wat(src), { ...LIMITS, fuel: 2_000_000 });
    assert.equal(r.status, 'fuel_exhausted');
  });

  it('unbounded recursion is a clean trap and the next run still works', async () => {
    const src = command('(call $down (i64.const 0))', '(func $down (param i64) (call $down (i64.add (local.get 0) (i64.const 1))))');
    const r = await executor().run(await wat(src), { ...LIMITS, fuel: 1_000_000_000 });
    assert.equal(r.status, 'trap');
    assert.match(r.error?.message ?? '', /stack/i);
    const again = await executor().run(await wat(helloCommand('still alive\n')), LIMITS);
    assert.equal(again.stdout, 'still alive\n');
  });

  it('memory.grow in a loop stops at the cap (grow returns -1) and the program ends ok', async () => {
    // Exits with memory.size - 256: 0 when growth stopped at exactly 16 MiB = 256 pages.
    const src = command(`(block $done (loop $l (br_if $done (i32.eq (memory.grow (i32.const 1)) (i32.const -1))) (br $l)))
      (call $proc_exit (i32.sub (memory.size) (i32.const 256)))`);
    const r = await executor().run(await wat(src), LIMITS);
    assert.equal(r.status, 'ok');
    assert.equal(r.exitCode, 0);
  });

  it('an initial memory (huge data segment) above the cap is memory_limit before running', async () => {
    const src = `(module (memory (export "memory") 400) (data (i32.const 20000000) "x") (func (export "_start")))`;
    const r = await executor().run(await wat(src), LIMITS);
    assert.equal(r.status, 'memory_limit');
    assert.equal(r.error?.code, 'EXECUTOR__MEMORY_LIMIT');
  });

  it('a data segment past the end of memory traps at instantiation', async () => {
    const big = 'ab'.repeat(40_000);
    const src = `(module (memory (export "memory") 1) (data (i32.const 60000) "${big}") (func (export "_start")))`;
    const r = await executor().run(await wat(src), LIMITS);
    assert.equal(r.status, 'trap');
  });

  it('memory.fill of the whole memory, repeated, runs out of fuel (bulk ops are charged per byte)', async () => {
    const src = `(module (memory (export "memory") 256)
      (func (export "_start") (loop $l (memory.fill (i32.const 0) (i32.const 7) (i32.const 16777216)) (br $l))))`;
    const r = await executor().run(await wat(src), { ...LIMITS, fuel: 100_000_000, timeoutMs: 20_000 });
    assert.equal(r.status, 'fuel_exhausted');
  });

  it('a stdout flood is captured up to the cap and flagged truncated', async () => {
    const src = command(`(i32.store (i32.const 0) (i32.const 1024)) (i32.store (i32.const 4) (i32.const 4096))
      (loop $l (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8))) (br $l))`);
    const r = await executor().run(await wat(src), { ...LIMITS, fuel: 5_000_000, maxOutputBytes: 10_000 });
    assert.equal(r.status, 'fuel_exhausted');
    assert.equal(r.stdout.length, 10_000);
    assert.equal(r.stdoutTruncated, true);
    assert.equal(r.stderrTruncated, false);
  });

  it('an invalid binary is invalid_module', async () => {
    const garbage = await executor().run(new TextEncoder().encode('not wasm at all'), LIMITS);
    assert.equal(garbage.status, 'invalid_module');
    assert.equal(garbage.error?.code, 'EXECUTOR__NOT_WASM');
    const truncated = await executor().run(new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, 1, 9, 1]), LIMITS);
    assert.equal(truncated.status, 'invalid_module');
    assert.equal(truncated.error?.code, 'EXECUTOR__INVALID_MODULE');
  });

  it('a module importing an unknown host function is invalid_module at link time', async () => {
    for (const imp of ['(import "env" "steal_keys" (func))', '(import "wasi_snapshot_preview1" "not_a_call" (func))']) {
      const r = await executor().run(await wat(`(module ${imp} (memory (export "memory") 1) (func (export "_start")))`), LIMITS);
      assert.equal(r.status, 'invalid_module');
      assert.equal(r.error?.code, 'EXECUTOR__UNKNOWN_IMPORT');
    }
  });

  it('a module without _start is invalid_module', async () => {
    const r = await executor().run(await wat('(module (func (export "main")))'), LIMITS);
    assert.equal(r.status, 'invalid_module');
    assert.equal(r.error?.code, 'EXECUTOR__NO_ENTRY_POINT');
  });

  it('a start function that loops runs out of fuel (fuel is set before start runs)', async () => {
    const src = '(module (memory (export "memory") 1) (func $spin (loop $l (br $l))) (start $spin) (func (export "_start")))';
    const r = await executor().run(await wat(src), { ...LIMITS, fuel: 1_000_000 });
    assert.equal(r.status, 'fuel_exhausted');
  });

  it('a loop with more fuel than time is stopped at the deadline (timeout), and the pool recovers', async () => {
    const r = await executor().run(await wat(command('(loop $l (br $l))')), { ...LIMITS, fuel: Number.MAX_SAFE_INTEGER, timeoutMs: 300 });
    assert.equal(r.status, 'timeout');
    assert.equal(r.error?.code, 'EXECUTOR__TIMEOUT');
    assert.ok(r.timeMs >= 300);
    const again = await executor().run(await wat(helloCommand('next\n')), LIMITS);
    assert.equal(again.status, 'ok');
  });

  it('a run that times out keeps what it printed before the deadline', async () => {
    const src = command(
      `(i32.store (i32.const 0) (i32.const 64)) (i32.store (i32.const 4) (i32.const 8))
      (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))
      (drop (call $fd_write (i32.const 2) (i32.const 0) (i32.const 1) (i32.const 8)))
      (loop $l (br $l))`,
      '(data (i32.const 64) "partial\\n")',
    );
    const r = await executor().run(await wat(src), { ...LIMITS, fuel: Number.MAX_SAFE_INTEGER, timeoutMs: 500 });
    assert.equal(r.status, 'timeout');
    assert.equal(r.stdout, 'partial\n');
    assert.equal(r.stderr, 'partial\n');
    assert.equal(r.stdoutTruncated, false);
  });

  it('a flood cut by the deadline reports the capped output and the truncation flag', async () => {
    const src = command(`(i32.store (i32.const 0) (i32.const 1024)) (i32.store (i32.const 4) (i32.const 4096))
      (loop $l (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8))) (br $l))`);
    const r = await executor().run(await wat(src), { ...LIMITS, fuel: Number.MAX_SAFE_INTEGER, timeoutMs: 500, maxOutputBytes: 10_000 });
    assert.equal(r.status, 'timeout');
    assert.equal(r.stdout.length, 10_000);
    assert.equal(r.stdoutTruncated, true);
  });

  it('traps (unreachable, division by zero, out-of-bounds) are trap', async () => {
    for (const body of ['unreachable', '(drop (i32.div_s (i32.const 1) (i32.const 0)))', '(drop (i32.load (i32.const 70000)))']) {
      const r = await executor().run(await wat(command(body)), LIMITS);
      assert.equal(r.status, 'trap', body);
      assert.equal(r.exitCode, null);
    }
  });
});
