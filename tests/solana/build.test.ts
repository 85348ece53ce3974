/** contracts/solana/build.sh --check rebuilds errand.so bit for bit (skipped, visibly, without
 * clang-19), and the project's linker refuses what SBPF cannot run. */
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { requireTools } from '../setup/requireTools.ts';

const dir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../contracts/solana');

describe('solana program build', function () {
  this.timeout(120_000);
  before(async function () {
    await requireTools(this, ['clang-19']);
  });

  it('build.sh --check reproduces the committed errand.so', function () {
    const out = execFileSync(path.join(dir, 'build.sh'), ['--check'], { encoding: 'utf8' });
    assert.match(out, /^OK: errand.so reproducible, sha256 [0-9a-f]{64}/);
  });

  it('the linker refuses writable data', function () {
    const tmp = mkdtempSync(path.join(tmpdir(), 'sbpf-'));
    try {
      writeFileSync(path.join(tmp, 'w.c'), 'unsigned long long counter = 1;\nunsigned long long entrypoint(unsigned char *in) { return counter++; }\n');
      execFileSync('clang-19', ['-target', 'bpfel', '-mcpu=v1', '-O2', '-c', path.join(tmp, 'w.c'), '-o', path.join(tmp, 'w.o')]);
      const r = spawnSync('node', [path.join(dir, 'linker/sbpf-link.mjs'), path.join(tmp, 'w.o'), path.join(tmp, 'w.so')], { encoding: 'utf8' });
      assert.notEqual(r.status, 0);
      assert.match(r.stderr, /writable section .data/);
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });
});
