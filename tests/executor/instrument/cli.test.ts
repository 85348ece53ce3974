import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { FUEL_GLOBAL_EXPORT } from '../../../worker/executor/instrument/index.ts';
import { instantiate, wat } from './support/wat.ts';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

function errand(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [path.join(repo, 'bin', 'errand.mjs'), 'instrument', ...args], { timeout: 60_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

describe('errand instrument (CLI)', function () {
  this.timeout(120_000);
  let dir: string;
  before(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'errand-instrument-cli-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('writes a metered module with its counter exported and initialised to --fuel', async () => {
    const input = path.join(dir, 'in.wasm');
    const output = path.join(dir, 'out.wasm');
    await writeFile(input, await wat(`(module (func (export "spin") (loop br 0)) (func (export "one") (result i32) i32.const 1))`));
    const { code, stdout } = await errand([input, output, '--fuel', '1000']);
    assert.equal(code, 0);
    assert.match(stdout, /instrumented .* -> .*out\.wasm/);
    const bytes = new Uint8Array(await readFile(output));
    assert.deepEqual(WebAssembly.Module.imports(new WebAssembly.Module(bytes)), [], 'no imports beyond the input’s own');
    const exports = instantiate(bytes);
    const fuel = exports[FUEL_GLOBAL_EXPORT] as WebAssembly.Global;
    assert.equal(fuel.value, 1000n);
    assert.equal(exports.one(), 1);
    assert.equal(fuel.value, 998n);
    assert.throws(() => exports.spin(), /unreachable/);
    assert.ok((fuel.value as bigint) < 0n);
  });

  it('exits 2 on bad arguments or an unreadable input, 1 with a one-line coded message on an invalid module', async () => {
    const bad = path.join(dir, 'bad.wasm');
    await writeFile(bad, Uint8Array.of(0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, 1, 9));
    const out = path.join(dir, 'x.wasm');
    const cases: [string[], string][] = [
      [[bad, out], 'missing --fuel'],
      [[bad, out, '--fuel', '-3'], 'negative fuel'],
      [[bad, out, '--fuel', 'lots'], 'non-numeric fuel'],
      [[bad, '--fuel', '5'], 'missing OUT.wasm'],
      [[bad, out, '--fuel', '5', '--bogus'], 'unknown flag'],
      [[path.join(dir, 'nope.wasm'), out, '--fuel', '5'], 'unreadable input'],
    ];
    const results = await Promise.all(cases.map(([args]) => errand(args)));
    results.forEach((r, i) => {
      assert.equal(r.code, 2, cases[i]![1]);
      assert.match(r.stderr, /COMMON__INVALID_ARGUMENT/, cases[i]![1]);
    });
    const invalid = await errand([bad, out, '--fuel', '5']);
    assert.equal(invalid.code, 1);
    assert.equal(invalid.stderr.trim().split('\n').length, 1);
    assert.match(invalid.stderr, /EXECUTOR__INVALID_MODULE/);
  });
});
