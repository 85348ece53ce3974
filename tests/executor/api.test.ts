/** The Executor's contract: option validation, kinds, caching, abort, close and leak tracking. */
import assert from 'node:assert/strict';
import { isErrandError } from '../../common/errors/index.ts';
import { openResources } from '../../common/testing/leaks.ts';
import { TRIVIAL_COMMAND } from '../../bench/programs/trivialCommand.ts';
import { detectWasmKind, Executor } from '../../worker/executor/index.ts';
import { command, wat } from './helpers/wat.ts';
import { LIMITS, useExecutor } from './helpers/useExecutor.ts';

describe('executor: API', () => {
  const executor = useExecutor();

  it('detectWasmKind tells modules, components and garbage apart', () => {
    assert.equal(detectWasmKind(TRIVIAL_COMMAND), 'module');
    assert.equal(detectWasmKind(new Uint8Array([0, 0x61, 0x73, 0x6d, 0x0d, 0, 1, 0])), 'component');
    assert.equal(detectWasmKind(new Uint8Array([1, 2, 3])), 'invalid');
  });

  it('rejects invalid options with COMMON__INVALID_ARGUMENT', async () => {
    for (const bad of [{ fuel: 0 }, { fuel: 1.5 }, { memoryMb: 0 }, { timeoutMs: -1 }, { env: { 'A=B': 'x' } }, { seed: -1 }]) {
      await assert.rejects(executor().run(TRIVIAL_COMMAND, { ...LIMITS, ...bad }), (e) => isErrandError(e, 'COMMON__INVALID_ARGUMENT'));
    }
  });

  it('runs the trivial module ok with a small deterministic fuel figure, repeatedly (warm path)', async () => {
    const results = [];
    for (let i = 0; i < 20; i++) results.push(await executor().run(TRIVIAL_COMMAND, LIMITS));
    assert.ok(results.every((r) => r.status === 'ok' && r.exitCode === 0));
    assert.equal(new Set(results.map((r) => r.fuelUsed)).size, 1);
  });

  it('an aborted run rejects with COMMON__ABORTED and the pool keeps working', async () => {
    const spin = await wat(command('(loop $l (br $l))'));
    const controller = new AbortController();
    const pending = executor().run(spin, { ...LIMITS, fuel: Number.MAX_SAFE_INTEGER, signal: controller.signal });
    setTimeout(() => controller.abort(), 200);
    await assert.rejects(pending, (e) => isErrandError(e, 'COMMON__ABORTED'));
    assert.equal((await executor().run(TRIVIAL_COMMAND, LIMITS)).status, 'ok');
  });

  it('tracks its threads while open and refuses runs after close', async () => {
    const extra = new Executor({ threads: 1 });
    assert.ok(openResources().some((r) => r.startsWith('Executor')));
    await extra.close();
    await assert.rejects(extra.run(TRIVIAL_COMMAND, LIMITS), (e) => isErrandError(e, 'EXECUTOR__CLOSED'));
  });
});
