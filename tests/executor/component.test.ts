/**
 * WASI preview 2 command components run through jco with every core module metered: a C program
 * adapted to a component gives the same output as the module, deterministically; a JavaScript
 * component from componentize-js runs metered with deterministic clocks and random.
 */
import assert from 'node:assert/strict';
import { detectWasmKind } from '../../worker/executor/index.ts';
import { adaptCommand, jsCommand } from './helpers/components.ts';
import { program } from './helpers/programs.ts';
import { LIMITS, useExecutor } from './helpers/useExecutor.ts';

const P2_LIMITS = { ...LIMITS, fuel: 1_000_000_000, memoryMb: 64, timeoutMs: 120_000 };

describe('executor: WASI preview 2 components', function () {
  this.timeout(300_000);
  const executor = useExecutor();

  it('a C program adapted to a component prints what the module prints, deterministically and metered', async () => {
    const core = await program('checksum.c');
    const component = await adaptCommand(core);
    assert.equal(detectWasmKind(component), 'component');
    const opts = { ...P2_LIMITS, input: 'abc', env: { WHO: 'p2' } };
    const fromModule = await executor().run(core, opts);
    const first = await executor().run(component, opts);
    const second = await executor().run(component, opts);
    assert.equal(first.status, 'ok', JSON.stringify(first));
    assert.equal(first.stdout, fromModule.stdout);
    assert.equal(second.stdout, first.stdout);
    assert.equal(second.fuelUsed, first.fuelUsed);
    assert.ok(first.fuelUsed > fromModule.fuelUsed, 'the adapter and glue modules are metered too');
    const starved = await executor().run(component, { ...opts, fuel: 20_000 });
    assert.equal(starved.status, 'fuel_exhausted');
  });

  it('a componentize-js component runs metered with deterministic Date.now and crypto', async () => {
    const component = await jsCommand(`export const run = { run() {
      const bytes = new Uint8Array(4); crypto.getRandomValues(bytes);
      console.log('js ' + Date.now() + ' ' + bytes.join(','));
    } };`);
    const a = await executor().run(component, { ...P2_LIMITS, startTimeMs: 1_700_000_000_000, seed: 7 });
    assert.equal(a.status, 'ok', JSON.stringify(a));
    assert.match(a.stdout, /^js 1700000000\d{3} \d+,\d+,\d+,\d+\n$/);
    assert.ok(a.fuelUsed > 0);
    const b = await executor().run(component, { ...P2_LIMITS, startTimeMs: 1_700_000_000_000, seed: 7 });
    assert.equal(b.stdout, a.stdout);
    assert.equal(b.fuelUsed, a.fuelUsed);
  });
});
