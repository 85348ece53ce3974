/**
 * Nothing a module declares or grows can take the process down: V8-heap resources are capped
 * before V8 allocates them (worker/executor/instrument/moduleCaps.ts). Each case ends with the
 * status the issue names, and the executor (and this process) keeps running afterwards.
 */
import assert from 'node:assert/strict';
import { MODULE_CAPS } from '../../worker/executor/instrument/moduleCaps.ts';
import { commandWithBodies, passiveElements } from './helpers/binaryModule.ts';
import { LIMITS, useExecutor } from './helpers/useExecutor.ts';
import { FOUR_HUGE_TABLES } from './helpers/hostileModules.ts';
import { command, helloCommand, wat } from './helpers/wat.ts';

describe('executor: caps on V8-heap resources', () => {
  const executor = useExecutor();

  async function stillAlive(): Promise<void> {
    const again = await executor().run(await wat(helloCommand('alive\n')), LIMITS);
    assert.equal(again.stdout, 'alive\n');
  }

  it('four tables grown to ten million entries: table.grow returns -1, the module traps, the process lives', async () => {
    const wasm = await wat(FOUR_HUGE_TABLES);
    const fuels = new Set<number>();
    for (let i = 0; i < 3; i++) {
      const r = await executor().run(wasm, { ...LIMITS, fuel: 1_000_000_000 });
      assert.equal(r.status, 'trap');
      assert.equal(r.error?.code, 'EXECUTOR__TRAP');
      fuels.add(r.fuelUsed);
    }
    assert.equal(fuels.size, 1);
    await stillAlive();
  });

  it('table.grow within the cap succeeds; past it returns -1 and the program goes on', async () => {
    const share = MODULE_CAPS.maxTableElements - 1;
    const src = command(
      `
      (if (i32.ne (table.grow $t (ref.null func) (i32.const 1000)) (i32.const 1)) (then unreachable))
      (if (i32.ne (table.grow $t (ref.null func) (i32.const ${share})) (i32.const -1)) (then unreachable))
      (if (i32.ne (table.size $t) (i32.const 1001)) (then unreachable))`,
      '(table $t 1 funcref)',
    );
    const r = await executor().run(await wat(src), { ...LIMITS, fuel: 100_000_000 });
    assert.equal(r.status, 'ok');
  });

  it('an initial table above the cap is memory_limit before anything runs', async () => {
    const src = `(module (memory (export "memory") 1) (table ${MODULE_CAPS.maxTableElements + 1} funcref) (func (export "_start")))`;
    const r = await executor().run(await wat(src), LIMITS);
    assert.equal(r.status, 'memory_limit');
    assert.equal(r.error?.code, 'EXECUTOR__RESOURCE_LIMIT');
    assert.equal(r.fuelUsed, 0);
    await stillAlive();
  });

  it('more tables than the cap is memory_limit', async () => {
    const tables = Array.from({ length: MODULE_CAPS.maxTables + 1 }, () => '(table 1 funcref)').join(' ');
    const r = await executor().run(await wat(`(module (memory (export "memory") 1) ${tables} (func (export "_start")))`), LIMITS);
    assert.equal(r.status, 'memory_limit');
    assert.equal(r.error?.code, 'EXECUTOR__RESOURCE_LIMIT');
  });

  it('element segments with more entries than the cap are memory_limit', async () => {
    const body = Uint8Array.of(0, 0x0b);
    const ok = await executor().run(
      commandWithBodies(1, () => body, passiveElements(1000)),
      LIMITS,
    );
    assert.equal(ok.status, 'ok');
    const r = await executor().run(
      commandWithBodies(1, () => body, passiveElements(MODULE_CAPS.maxElementEntries + 1)),
      LIMITS,
    );
    assert.equal(r.status, 'memory_limit');
    assert.equal(r.error?.code, 'EXECUTOR__RESOURCE_LIMIT');
    await stillAlive();
  });

  it('more globals than the cap are memory_limit', async () => {
    const globals = '(global i32 (i32.const 0))'.repeat(MODULE_CAPS.maxGlobals + 1);
    const r = await executor().run(await wat(`(module (memory (export "memory") 1) ${globals} (func (export "_start")))`), LIMITS);
    assert.equal(r.status, 'memory_limit');
    assert.equal(r.error?.code, 'EXECUTOR__RESOURCE_LIMIT');
  });
});
