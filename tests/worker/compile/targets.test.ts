/**
 * Every build target compiles a real example through compileSource in the bwrap sandbox, and the
 * module runs in the Executor with the expected output. The builds run once, concurrently, in
 * `before` (componentize-js alone takes 10-25 s).
 */
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { cpSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { BuildTarget } from '../../../common/types/index.ts';
import { compileSource, createSandbox, type CompileInput, type CompileResult } from '../../../worker/compile/index.ts';
import { Executor } from '../../../worker/executor/index.ts';
import { createTestRepo, type TestRepo } from '../helpers/gitRepo.ts';
import { EXAMPLES, runIn } from './helpers.ts';
import { requireTools } from '../../setup/requireTools.ts';

const sandbox = createSandbox('bwrap');
const example = (name: string, target?: BuildTarget): CompileInput => ({ kind: 'dir', path: path.join(EXAMPLES, name), ...(target ? { target } : {}) });

describe('worker/compile: every target builds an example that runs in the executor', function () {
  before(async function () {
    await requireTools(this, ['bwrap', 'clang-14', 'rustc']);
  });
  this.timeout(120_000);
  let executor: Executor;
  let repo: TestRepo;
  let pinnedCommit: string;
  const built = new Map<string, CompileResult>();
  const logs = new Map<string, string>();

  before(async function () {
    this.timeout(900_000);
    repo = createTestRepo();
    cpSync(path.join(EXAMPLES, 'c-compute'), repo.dir, { recursive: true });
    pinnedCommit = repo.commit('c-compute');
    repo.git('branch', 'release');
    repo.write('main.c', 'int main(void){return 3;}\n');
    repo.commit('moves main past the release branch');
    const jobs: Record<string, CompileInput> = {
      'c-compute@release': { kind: 'git', repo: repo.url, commit: 'release', target: 'wasm32-wasip1' },
      'c-hmac-secret': example('c-hmac-secret'),
      'c-compute-p2': example('c-compute', 'wasm32-wasip2'),
      'rust-json': example('rust-json'),
      'rust-random': example('rust-random'),
      'assemblyscript-hello': example('assemblyscript-hello'),
      'js-component': example('js-component'),
    };
    await Promise.all(
      Object.entries(jobs).map(async ([name, source]) => {
        let log = '';
        const result = await compileSource(source, { sandbox, workDir: os.tmpdir(), timeoutMs: 600_000, onLog: (t) => (log += t) });
        console.log(`      built ${name}: ${result.language} -> ${result.target}, ${result.wasm.byteLength} bytes in ${result.buildMs} ms`);
        built.set(name, result);
        logs.set(name, log);
      }),
    );
  });
  after(() => repo?.remove());
  // One executor per test: the root leak check fails a test that leaves worker threads alive.
  beforeEach(() => (executor = new Executor({ threads: 1 })));
  afterEach(async () => executor.close());

  it('C (wasm32-wasip1) from a git branch pinned to its commit hash', async () => {
    const result = built.get('c-compute@release')!;
    assert.equal(result.commit, pinnedCommit, 'the branch was pinned to the commit it pointed at');
    assert.equal(result.language, 'c');
    assert.equal(result.target, 'wasm32-wasip1');
    assert.match(result.sha256, /^[0-9a-f]{64}$/);
    const run = await runIn(executor, result.wasm, '1000 10');
    assert.equal(run.status, 'ok', run.stderr);
    assert.match(run.stdout, /^primes=168 checksum=[0-9a-f]{16}\n$/);
  });

  it('C with a secret from the environment: HMAC-SHA256 matches, the key is never printed', async () => {
    const key = 'k3y-that-must-not-leak';
    const run = await runIn(executor, built.get('c-hmac-secret')!.wasm, 'sign me', { HMAC_KEY: key });
    assert.equal(run.status, 'ok', run.stderr);
    assert.equal(run.stdout.trim(), createHmac('sha256', key).update('sign me').digest('hex'));
    assert.ok(!run.stdout.includes(key) && !run.stderr.includes(key));
    const missing = await runIn(executor, built.get('c-hmac-secret')!.wasm, 'sign me');
    assert.equal(missing.exitCode, 2);
    assert.match(missing.stderr, /HMAC_KEY is not set/);
  });

  it('Rust (wasm32-wasip1): JSON in, JSON out', async () => {
    const result = built.get('rust-json')!;
    assert.equal(result.language, 'rust');
    const run = await runIn(executor, result.wasm, '{"name":"Ada","numbers":[3,1,2]}');
    assert.equal(run.status, 'ok', run.stderr);
    assert.deepEqual(JSON.parse(run.stdout), { count: 3, greeting: 'Hello, Ada!', max: 3, mean: 2, min: 1, sum: 6 });
    const bad = await runIn(executor, result.wasm, '[1,');
    assert.equal(bad.exitCode, 1);
    assert.ok('error' in (JSON.parse(bad.stdout) as object));
  });

  it('Rust (wasm32-wasip1): a random number from WASI random_get, in range', async () => {
    const run = await runIn(executor, built.get('rust-random')!.wasm, '1 6');
    assert.equal(run.status, 'ok', run.stderr);
    const value = Number(run.stdout.trim());
    assert.ok(Number.isInteger(value) && value >= 1 && value <= 6, run.stdout);
  });

  it('AssemblyScript (wasm32-wasip1) with the WASI shim', async () => {
    const result = built.get('assemblyscript-hello')!;
    assert.equal(result.language, 'assemblyscript');
    const run = await runIn(executor, result.wasm, 'Bob\n');
    assert.equal(run.status, 'ok', run.stderr);
    assert.equal(run.stdout, 'Hello, Bob!\n');
  });

  it('JavaScript component (wasm32-wasip2) with componentize-js', async () => {
    const result = built.get('js-component')!;
    assert.equal(result.language, 'js-component');
    assert.equal(result.target, 'wasm32-wasip2');
    assert.match(logs.get('js-component')!, /componentize-js/);
    const run = await runIn(executor, result.wasm, 'the cat the hat');
    assert.equal(run.status, 'ok', run.stderr);
    assert.deepEqual(JSON.parse(run.stdout), {
      words: 4,
      unique: 3,
      top: [
        { word: 'the', count: 2 },
        { word: 'cat', count: 1 },
        { word: 'hat', count: 1 },
      ],
    });
  });

  it('a P1 module adapted to a wasm32-wasip2 component with jco', async () => {
    const result = built.get('c-compute-p2')!;
    assert.equal(result.target, 'wasm32-wasip2');
    assert.deepEqual([...result.wasm.slice(4, 8)], [0x0d, 0x00, 0x01, 0x00], 'component header');
    const run = await runIn(executor, result.wasm, '1000 10');
    assert.equal(run.status, 'ok', run.stderr);
    assert.match(run.stdout, /^primes=168 /);
  });
});
