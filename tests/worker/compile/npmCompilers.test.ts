/**
 * The dev-only npm-compilers build path (worker/compile/npm/): AssemblyScript compiled by asc's API
 * in a worker thread, C refused with the coded error naming bubblewrap, the deadline enforced by
 * terminating the thread, and the builder's capabilities advertised to a real coordinator.
 */
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { compileSource } from '../../../worker/compile/compileSource.ts';
import { NpmCompilersModuleBuilder } from '../../../worker/compile/index.ts';
import { buildTreeInThread } from '../../../worker/compile/npm/buildTreeInThread.ts';
import { HttpCoordinatorPort } from '../../../worker/loop/HttpCoordinatorPort.ts';
import { startTestCoordinator } from '../../coordinator/helpers/testCoordinator.ts';

/** A component's preamble: the wasm magic, then version 0x0d and layer 1 (a core module has version 1, layer 0). */
const COMPONENT_HEADER = [0x00, 0x61, 0x73, 0x6d, 0x0d, 0x00, 0x01, 0x00];

describe('worker compile: npm compilers in a worker thread (development mode without bubblewrap)', function () {
  this.timeout(120_000);
  let workDir: string;
  before(() => {
    workDir = mkdtempSync(path.join(os.tmpdir(), 'errand-npmc-'));
  });
  after(() => rmSync(workDir, { recursive: true, force: true }));

  it('builds the AssemblyScript example into a valid wasm32-wasip1 module, logging the asc call', async () => {
    let log = '';
    const r = await compileSource(
      { kind: 'dir', path: 'examples/assemblyscript-hello' },
      { treeBuilder: buildTreeInThread, workDir, timeoutMs: 60_000, onLog: (t) => (log += t) },
    );
    assert.equal(r.language, 'assemblyscript');
    assert.equal(r.target, 'wasm32-wasip1');
    assert.deepEqual([...r.wasm.subarray(0, 4)], [0x00, 0x61, 0x73, 0x6d]);
    assert.match(log, /errand: asc assembly\/index\.ts --config asconfig\.json --target release .*\(npm compilers, in-process\)/);
  });

  it('adapts AssemblyScript into a wasm32-wasip2 command component, in the thread', async () => {
    let log = '';
    const r = await compileSource(
      { kind: 'dir', path: 'examples/assemblyscript-hello', target: 'wasm32-wasip2' },
      { treeBuilder: buildTreeInThread, workDir, timeoutMs: 60_000, onLog: (t) => (log += t) },
    );
    assert.equal(r.target, 'wasm32-wasip2');
    assert.deepEqual([...r.wasm.subarray(0, 8)], COMPONENT_HEADER, 'a component, not a core module');
    assert.match(log, /jco new --wasi-command .*in-process/);
  });

  it('builds the JavaScript component example with componentize-js in a child process', async function () {
    this.timeout(300_000); // about 40 s of CPU: minutes on a loaded machine
    let log = '';
    const r = await compileSource(
      { kind: 'dir', path: 'examples/js-component' },
      { treeBuilder: buildTreeInThread, workDir, timeoutMs: 280_000, onLog: (t) => (log += t) },
    );
    assert.equal(r.language, 'js-component');
    assert.equal(r.target, 'wasm32-wasip2');
    assert.deepEqual([...r.wasm.subarray(0, 8)], COMPONENT_HEADER);
    assert.match(log, /componentize-js app\.js .*npm compilers, child process/);
  });

  it('kills componentize-js and its wizer at the deadline (WORKER__BUILD_TIMEOUT)', async () => {
    const tree = path.join(workDir, 'tree-js-timeout');
    cpSync('examples/js-component', tree, { recursive: true });
    await assert.rejects(
      buildTreeInThread(tree, { outputDir: path.join(workDir, 'out-js-timeout'), wallMs: 300, maxOutputBytes: 1 << 26, maxLogBytes: 1 << 16 }),
      (e: Error & { code?: string }) => e.code === 'WORKER__BUILD_TIMEOUT',
    );
  });

  it('refuses C with WORKER__BUILD_NEEDS_SANDBOX naming the package', async () => {
    await assert.rejects(
      compileSource({ kind: 'dir', path: 'examples/c-compute' }, { treeBuilder: buildTreeInThread, workDir, timeoutMs: 60_000 }),
      (e: Error & { code?: string }) => e.code === 'WORKER__BUILD_NEEDS_SANDBOX' && /install it with: apt-get install bubblewrap/.test(e.message),
    );
  });

  it('terminates the compiler thread at the deadline (WORKER__BUILD_TIMEOUT)', async () => {
    const tree = path.join(workDir, 'tree-timeout');
    cpSync('examples/assemblyscript-hello', tree, { recursive: true });
    await assert.rejects(
      buildTreeInThread(tree, { outputDir: path.join(workDir, 'out-timeout'), wallMs: 50, maxOutputBytes: 1 << 24, maxLogBytes: 1 << 16 }),
      (e: Error & { code?: string }) => e.code === 'WORKER__BUILD_TIMEOUT',
    );
  });

  it('advertises sandbox: false and what it builds in the worker heartbeat capabilities', async () => {
    const c = await startTestCoordinator();
    try {
      const { workerId, client } = await c.worker('npm-dev-1');
      await new HttpCoordinatorPort(client).advertise({ ...new NpmCompilersModuleBuilder().capabilities }, AbortSignal.timeout(5_000));
      const { rows } = await c.db.query<{ capabilities: unknown }>('SELECT capabilities FROM workers WHERE id = $1', [workerId]);
      assert.deepEqual(rows[0]!.capabilities, {
        sandbox: false,
        languages: ['assemblyscript', 'js-component'],
        targets: ['wasm32-wasip1', 'wasm32-wasip2'],
      });
    } finally {
      await c.close();
    }
  });
});
