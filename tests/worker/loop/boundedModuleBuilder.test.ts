/**
 * Builds run at most maxBuilds at once, the rest in arrival order; a build cancelled while it waits
 * leaves the queue with COMMON__ABORTED and does not take a slot; pinning is not bounded.
 */
import assert from 'node:assert/strict';
import { isErrandError } from '../../../common/errors/index.ts';
import type { ExecutionSource, Sha256Hex } from '../../../common/types/index.ts';
import { BoundedModuleBuilder } from '../../../worker/loop/BoundedModuleBuilder.ts';
import type { BuiltModule, ModuleBuilder } from '../../../worker/loop/ModuleBuilder.ts';

const SOURCE: ExecutionSource = { kind: 'wasm_url', url: 'https://example.com/a.wasm', sha256: 'ab'.repeat(32) as Sha256Hex };

/** A builder whose builds finish only when the test says so, recording their start order. */
class GatedBuilder implements ModuleBuilder {
  readonly started: string[] = [];
  private readonly gates = new Map<string, () => void>();
  running = 0;
  maxRunning = 0;

  pin(source: ExecutionSource): Promise<ExecutionSource> {
    return Promise.resolve(source);
  }

  async build(_pinned: ExecutionSource, options: { onLog: (text: string) => void }): Promise<BuiltModule> {
    const name = `b${this.started.length}`;
    options.onLog(name);
    this.started.push(name);
    this.running++;
    this.maxRunning = Math.max(this.maxRunning, this.running);
    await new Promise<void>((resolve) => this.gates.set(name, resolve));
    this.running--;
    return { wasm: new Uint8Array(), sha256: 'ab'.repeat(32) as Sha256Hex, commit: '', buildMs: 1 };
  }

  finish(name: string): void {
    this.gates.get(name)!();
  }
}

const tick = (): Promise<void> => new Promise((r) => setImmediate(r));

describe('worker: bounded module builder', () => {
  it('runs at most maxBuilds at once, the others in arrival order', async () => {
    const inner = new GatedBuilder();
    const bounded = new BoundedModuleBuilder(inner, 2);
    const labels: string[] = [];
    const builds = [0, 1, 2, 3].map((i) =>
      bounded.build(SOURCE, { signal: new AbortController().signal, timeoutMs: 1000, onLog: () => labels.push(`req${i}`) }),
    );
    await tick();
    assert.deepEqual(labels, ['req0', 'req1']);
    assert.deepEqual(bounded.load, { running: 2, waiting: 2 });
    inner.finish('b1');
    await tick();
    assert.deepEqual(labels, ['req0', 'req1', 'req2']);
    inner.finish('b0');
    inner.finish('b2');
    await tick();
    inner.finish('b3');
    await Promise.all(builds);
    assert.equal(inner.maxRunning, 2);
    assert.deepEqual(labels, ['req0', 'req1', 'req2', 'req3']);
    assert.deepEqual(bounded.load, { running: 0, waiting: 0 });
  });

  it('drops a waiting build whose signal aborts, with a code, without using a slot', async () => {
    const inner = new GatedBuilder();
    const bounded = new BoundedModuleBuilder(inner, 1);
    const first = bounded.build(SOURCE, { signal: new AbortController().signal, timeoutMs: 1000, onLog: () => undefined });
    const cancel = new AbortController();
    const second = bounded.build(SOURCE, { signal: cancel.signal, timeoutMs: 1000, onLog: () => undefined });
    const third = bounded.build(SOURCE, { signal: new AbortController().signal, timeoutMs: 1000, onLog: () => undefined });
    await tick();
    cancel.abort();
    await assert.rejects(second, (e) => isErrandError(e, 'COMMON__ABORTED'));
    inner.finish('b0');
    await first;
    await tick();
    assert.deepEqual(inner.started, ['b0', 'b1'], 'the third build took the slot, the cancelled one never started');
    inner.finish('b1');
    await third;
    assert.equal(await bounded.pin(SOURCE, new AbortController().signal), SOURCE);
  });

  it('refuses a bound below one', () => {
    assert.throws(
      () => new BoundedModuleBuilder(new GatedBuilder(), 0),
      (e) => isErrandError(e, 'COMMON__INVALID_ARGUMENT'),
    );
  });
});
