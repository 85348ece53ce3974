/** `errand run` as a user calls it: spawned through bin/errand.mjs. */
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { FOUR_HUGE_TABLES } from './helpers/hostileModules.ts';
import { helloCommand, wat, command } from './helpers/wat.ts';

const exec = promisify(execFile);

/** A command that copies up to 1000 bytes of stdin to stdout. */
const CAT = `(module
  (import "wasi_snapshot_preview1" "fd_read" (func $fd_read (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (func (export "_start")
    (i32.store (i32.const 0) (i32.const 1024)) (i32.store (i32.const 4) (i32.const 1000))
    (drop (call $fd_read (i32.const 0) (i32.const 0) (i32.const 1) (i32.const 8)))
    (i32.store (i32.const 4) (i32.load (i32.const 8)))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))))`;

/** `sh -c SCRIPT`'s stdout; the script gives the command its stdin (a pipe or a redirected file). */
async function shell(script: string): Promise<string> {
  return await new Promise((resolve, reject) => {
    const child = spawn('sh', ['-c', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout!.on('data', (b: Buffer) => (out += b.toString()));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`${script} exited ${code}`))));
  });
}

async function errandRun(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await exec(process.execPath, ['bin/errand.mjs', 'run', ...args], { timeout: 60_000 });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

describe('cli: errand run', function () {
  this.timeout(120_000);
  let dir: string;
  before(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'errand-run-'));
    await writeFile(path.join(dir, 'hello.wasm'), await wat(helloCommand('hello\n')));
    await writeFile(path.join(dir, 'spin.wasm'), await wat(command('(loop $l (br $l))')));
    await writeFile(path.join(dir, 'input.txt'), 'from a file');
    await writeFile(path.join(dir, 'cat.wasm'), await wat(CAT));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('--json prints exactly one JSON object, the result, and exits 0 whatever the status', async () => {
    const ok = await errandRun([path.join(dir, 'hello.wasm'), '--json', '--input-file', path.join(dir, 'input.txt')]);
    assert.equal(ok.code, 0);
    const result = JSON.parse(ok.stdout);
    assert.equal(result.status, 'ok');
    assert.equal(result.stdout, 'hello\n');
    const spin = await errandRun([path.join(dir, 'spin.wasm'), '--json', '--fuel', '5000', '--env', 'A=1', '--arg', 'x', '--seed', '3']);
    assert.equal(spin.code, 0);
    assert.equal(JSON.parse(spin.stdout).status, 'fuel_exhausted');
  });

  it('without --json prints the program output and a summary line on stderr', async () => {
    const r = await errandRun([path.join(dir, 'hello.wasm'), '--memory-mb', '8', '--timeout-ms', '5000']);
    assert.equal(r.code, 0);
    assert.equal(r.stdout, 'hello\n');
    assert.match(r.stderr, /status=ok exit=0 fuel=\d+/);
  });

  it('--json prints one result for hostile modules too: huge tables, a timeout with output, garbage', async () => {
    await writeFile(path.join(dir, 'tables.wasm'), await wat(FOUR_HUGE_TABLES));
    const partial = command(
      `(i32.store (i32.const 0) (i32.const 64)) (i32.store (i32.const 4) (i32.const 3))
      (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8))) (loop $l (br $l))`,
      '(data (i32.const 64) "so ")',
    );
    await writeFile(path.join(dir, 'partial.wasm'), await wat(partial));
    await writeFile(path.join(dir, 'garbage.wasm'), 'garbage');
    const [tables, timeout, garbage] = await Promise.all([
      errandRun([path.join(dir, 'tables.wasm'), '--json']),
      errandRun([path.join(dir, 'partial.wasm'), '--json', '--fuel', String(Number.MAX_SAFE_INTEGER), '--timeout-ms', '500']),
      errandRun([path.join(dir, 'garbage.wasm'), '--json']),
    ]);
    for (const [r, status] of [
      [tables, 'trap'],
      [timeout, 'timeout'],
      [garbage, 'invalid_module'],
    ] as const) {
      assert.equal(r.code, 0, r.stderr);
      const lines = r.stdout.trim().split('\n');
      assert.equal(lines.length, 1);
      assert.equal(JSON.parse(lines[0]!).status, status);
    }
    assert.equal(JSON.parse(timeout.stdout).stdout, 'so ');
  });

  it('reads stdin when it is piped or redirected and no --input is given, never a socket', async () => {
    const cat = `node bin/errand.mjs run ${path.join(dir, 'cat.wasm')} --json`;
    assert.equal(JSON.parse(await shell(`printf abc | ${cat}`)).stdout, 'abc');
    assert.equal(JSON.parse(await shell(`${cat} < ${path.join(dir, 'input.txt')}`)).stdout, 'from a file');
    assert.equal(JSON.parse(await shell(`printf abc | ${cat} --input given`)).stdout, 'given');
    // Node's 'pipe' stdio is a socket pair, never closed here (as a test harness spawns): not read, no hang.
    const socketStdin = spawn(process.execPath, ['bin/errand.mjs', 'run', path.join(dir, 'cat.wasm'), '--json'], { stdio: ['pipe', 'pipe', 'inherit'] });
    let out = '';
    socketStdin.stdout.on('data', (b: Buffer) => (out += b.toString()));
    const code = await new Promise((resolve) => socketStdin.on('exit', resolve));
    assert.equal(code, 0);
    assert.equal(JSON.parse(out).stdout, '');
  });

  it('exits 2 for bad arguments and unreadable files', async () => {
    for (const args of [
      [path.join(dir, 'missing.wasm')],
      [path.join(dir, 'hello.wasm'), '--fuel', 'lots'],
      [path.join(dir, 'hello.wasm'), '--env', 'NOEQUALS'],
      [path.join(dir, 'hello.wasm'), '--input', 'a', '--input-file', 'b'],
      [],
    ]) {
      const r = await errandRun(args);
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
    }
  });
});
