/**
 * The preview 1 host answers with the errno the WASI spec gives for a program without a
 * filesystem, instead of trapping. Each case calls one function and exits with its errno.
 */
import assert from 'node:assert/strict';
import { wat } from './helpers/wat.ts';
import { LIMITS, useExecutor } from './helpers/useExecutor.ts';

const E = { SUCCESS: 0, BADF: 8, FAULT: 21, INVAL: 28, NOSYS: 52, NOTDIR: 54, NOTSOCK: 57, SPIPE: 70 };

interface Case {
  name: string;
  params: string;
  call: string;
  errno: number;
}

const cases: Case[] = [
  { name: 'fd_prestat_get', params: 'i32 i32', call: '(i32.const 3) (i32.const 0)', errno: E.BADF },
  { name: 'fd_prestat_get', params: 'i32 i32', call: '(i32.const 0) (i32.const 0)', errno: E.BADF },
  { name: 'fd_prestat_dir_name', params: 'i32 i32 i32', call: '(i32.const 3) (i32.const 0) (i32.const 8)', errno: E.BADF },
  {
    name: 'path_open',
    params: 'i32 i32 i32 i32 i32 i64 i64 i32 i32',
    call: '(i32.const 3) (i32.const 0) (i32.const 0) (i32.const 1) (i32.const 0) (i64.const 0) (i64.const 0) (i32.const 0) (i32.const 0)',
    errno: E.BADF,
  },
  {
    name: 'path_open',
    params: 'i32 i32 i32 i32 i32 i64 i64 i32 i32',
    call: '(i32.const 0) (i32.const 0) (i32.const 0) (i32.const 1) (i32.const 0) (i64.const 0) (i64.const 0) (i32.const 0) (i32.const 0)',
    errno: E.NOTDIR,
  },
  { name: 'path_unlink_file', params: 'i32 i32 i32', call: '(i32.const 4) (i32.const 0) (i32.const 1)', errno: E.BADF },
  { name: 'path_symlink', params: 'i32 i32 i32 i32 i32', call: '(i32.const 0) (i32.const 1) (i32.const 9) (i32.const 0) (i32.const 1)', errno: E.BADF },
  { name: 'sock_accept', params: 'i32 i32 i32', call: '(i32.const 0) (i32.const 0) (i32.const 0)', errno: E.NOTSOCK },
  { name: 'sock_shutdown', params: 'i32 i32', call: '(i32.const 9) (i32.const 0)', errno: E.BADF },
  { name: 'fd_seek', params: 'i32 i64 i32 i32', call: '(i32.const 1) (i64.const 0) (i32.const 0) (i32.const 0)', errno: E.SPIPE },
  { name: 'fd_tell', params: 'i32 i32', call: '(i32.const 0) (i32.const 0)', errno: E.SPIPE },
  { name: 'fd_readdir', params: 'i32 i32 i32 i64 i32', call: '(i32.const 0) (i32.const 0) (i32.const 8) (i64.const 0) (i32.const 16)', errno: E.NOTDIR },
  { name: 'fd_write', params: 'i32 i32 i32 i32', call: '(i32.const 5) (i32.const 0) (i32.const 0) (i32.const 8)', errno: E.BADF },
  { name: 'fd_read', params: 'i32 i32 i32 i32', call: '(i32.const 1) (i32.const 0) (i32.const 0) (i32.const 8)', errno: E.BADF },
  // More iovecs than IOV_MAX (1024), or poll subscriptions than 4096: INVAL before the host builds anything.
  { name: 'fd_write', params: 'i32 i32 i32 i32', call: '(i32.const 1) (i32.const 0) (i32.const 1025) (i32.const 8)', errno: E.INVAL },
  { name: 'poll_oneoff', params: 'i32 i32 i32 i32', call: '(i32.const 0) (i32.const 64) (i32.const 4097) (i32.const 128)', errno: E.INVAL },
  { name: 'fd_renumber', params: 'i32 i32', call: '(i32.const 1) (i32.const 7)', errno: E.BADF },
  { name: 'fd_close', params: 'i32', call: '(i32.const 3)', errno: E.BADF },
  { name: 'fd_close', params: 'i32', call: '(i32.const 2)', errno: E.SUCCESS },
  { name: 'clock_time_get', params: 'i32 i64 i32', call: '(i32.const 9) (i64.const 0) (i32.const 0)', errno: E.INVAL },
  { name: 'clock_time_get', params: 'i32 i64 i32', call: '(i32.const 1) (i64.const 0) (i32.const 0)', errno: E.SUCCESS },
  { name: 'clock_res_get', params: 'i32 i32', call: '(i32.const 0) (i32.const 0)', errno: E.SUCCESS },
  { name: 'random_get', params: 'i32 i32', call: '(i32.const 65000) (i32.const 1000)', errno: E.FAULT },
  { name: 'random_get', params: 'i32 i32', call: '(i32.const 0) (i32.const 1000)', errno: E.SUCCESS },
  { name: 'poll_oneoff', params: 'i32 i32 i32 i32', call: '(i32.const 0) (i32.const 64) (i32.const 0) (i32.const 128)', errno: E.INVAL },
  { name: 'proc_raise', params: 'i32', call: '(i32.const 9)', errno: E.NOSYS },
  { name: 'sched_yield', params: '', call: '', errno: E.SUCCESS },
];

function errnoModule(c: Case, extraBody = ''): string {
  return `(module
    (import "wasi_snapshot_preview1" "${c.name}" (func $f (param ${c.params}) (result i32)))
    (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
    (memory (export "memory") 1)
    (func (export "_start") (call $exit (call $f ${c.call})) ${extraBody}))`;
}

describe('executor: WASI preview 1 errno semantics', () => {
  const executor = useExecutor();

  it('answers every case with the spec errno instead of trapping', async () => {
    for (const c of cases) {
      const r = await executor().run(await wat(errnoModule(c)), LIMITS);
      assert.equal(r.exitCode, c.errno, `${c.name}(${c.call}) -> ${r.exitCode} (${r.status} ${r.error?.message ?? ''})`);
    }
  });

  it('fd_fdstat_get reports stdio as a character device without seek rights', async () => {
    const src = `(module
      (import "wasi_snapshot_preview1" "fd_fdstat_get" (func $f (param i32 i32) (result i32)))
      (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
      (memory (export "memory") 1)
      (func (export "_start")
        (if (i32.ne (call $f (i32.const 1) (i32.const 0)) (i32.const 0)) (then (call $exit (i32.const 100))))
        (if (i64.ne (i64.and (i64.load (i32.const 8)) (i64.const 4)) (i64.const 0)) (then (call $exit (i32.const 101))))
        (call $exit (i32.load8_u (i32.const 0)))))`;
    const r = await executor().run(await wat(src), LIMITS);
    assert.equal(r.exitCode, 2);
  });

  it('poll_oneoff on a relative clock sleeps virtually: the monotonic clock jumps by the timeout', async () => {
    // subscription at 0: userdata 7, tag clock, id monotonic, timeout 5 s; event at 64; nevents at 128
    const src = `(module
      (import "wasi_snapshot_preview1" "poll_oneoff" (func $poll (param i32 i32 i32 i32) (result i32)))
      (import "wasi_snapshot_preview1" "clock_time_get" (func $now (param i32 i64 i32) (result i32)))
      (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
      (memory (export "memory") 1)
      (func (export "_start") (local $before i64)
        (drop (call $now (i32.const 1) (i64.const 0) (i32.const 200)))
        (local.set $before (i64.load (i32.const 200)))
        (i64.store (i32.const 0) (i64.const 7))
        (i32.store8 (i32.const 8) (i32.const 0))
        (i32.store (i32.const 16) (i32.const 1))
        (i64.store (i32.const 24) (i64.const 5000000000))
        (if (call $poll (i32.const 0) (i32.const 64) (i32.const 1) (i32.const 128)) (then (call $exit (i32.const 100))))
        (if (i32.ne (i32.load (i32.const 128)) (i32.const 1)) (then (call $exit (i32.const 101))))
        (if (i64.ne (i64.load (i32.const 64)) (i64.const 7)) (then (call $exit (i32.const 102))))
        (drop (call $now (i32.const 1) (i64.const 0) (i32.const 200)))
        (call $exit (i64.lt_u (i64.sub (i64.load (i32.const 200)) (local.get $before)) (i64.const 5000000000)))))`;
    const started = performance.now();
    const r = await executor().run(await wat(src), LIMITS);
    assert.equal(r.exitCode, 0, JSON.stringify(r));
    assert.ok(performance.now() - started < 4000, 'the sleep is virtual');
  });

  it('args (argv[0] is the name) and environ reach the guest', async () => {
    // Writes the argv and environ buffers to stdout as they are laid out (NUL separated).
    const src = `(module
      (import "wasi_snapshot_preview1" "args_sizes_get" (func $asz (param i32 i32) (result i32)))
      (import "wasi_snapshot_preview1" "args_get" (func $aget (param i32 i32) (result i32)))
      (import "wasi_snapshot_preview1" "environ_sizes_get" (func $esz (param i32 i32) (result i32)))
      (import "wasi_snapshot_preview1" "environ_get" (func $eget (param i32 i32) (result i32)))
      (import "wasi_snapshot_preview1" "fd_write" (func $w (param i32 i32 i32 i32) (result i32)))
      (memory (export "memory") 1)
      (func $print (param $ptr i32) (param $len i32)
        (i32.store (i32.const 0) (local.get $ptr)) (i32.store (i32.const 4) (local.get $len))
        (drop (call $w (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8))))
      (func (export "_start")
        (drop (call $asz (i32.const 16) (i32.const 20)))
        (drop (call $aget (i32.const 100) (i32.const 1000)))
        (call $print (i32.const 1000) (i32.load (i32.const 20)))
        (drop (call $esz (i32.const 16) (i32.const 20)))
        (drop (call $eget (i32.const 100) (i32.const 2000)))
        (call $print (i32.const 2000) (i32.load (i32.const 20)))))`;
    const r = await executor().run(await wat(src), { ...LIMITS, name: 'prog.wasm', args: ['a', 'b c'], env: { KEY: 'v=1' } });
    assert.equal(r.stdout, 'prog.wasm\0a\0b c\0KEY=v=1\0');
  });
});
