import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTestRepo, tempDir, type TestRepo } from '../helpers/gitRepo.ts';
import { EXAMPLES } from './helpers.ts';
import { requireTools } from '../../setup/requireTools.ts';

const ERRAND = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'bin', 'errand.mjs');

function errand(args: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [ERRAND, ...args], { cwd, timeout: 120_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr });
    });
  });
}

describe('errand build (CLI)', function () {
  before(async function () {
    await requireTools(this, ['bwrap', 'clang-14']);
  });
  this.timeout(120_000);
  let scratch: ReturnType<typeof tempDir>;
  let repo: TestRepo;
  beforeEach(() => {
    scratch = tempDir('errand-cli-');
    repo = createTestRepo();
  });
  afterEach(() => {
    scratch.remove();
    repo.remove();
  });

  it('--json prints exactly one object {sha256, path, target, commit, buildMs}; the file has that hash', async () => {
    const { code, stdout, stderr } = await errand(['build', path.join(EXAMPLES, 'c-compute'), '--json'], scratch.dir);
    assert.equal(code, 0, stderr);
    const lines = stdout.trim().split('\n');
    assert.equal(lines.length, 1);
    const out = JSON.parse(lines[0]!) as Record<string, unknown>;
    assert.deepEqual(Object.keys(out).sort(), ['buildMs', 'commit', 'path', 'sha256', 'target']);
    assert.equal(out.target, 'wasm32-wasip1');
    assert.equal(out.commit, null, 'a plain directory is built as it is on disk');
    assert.equal(
      createHash('sha256')
        .update(readFileSync(out.path as string))
        .digest('hex'),
      out.sha256,
    );
    assert.match(stderr, /building/, 'progress goes to stderr');
  });

  it('builds a git repository at --commit (a branch, pinned to its hash) and prints sha256 and path', async () => {
    repo.write('main.c', '#include <stdio.h>\nint main(void){puts("v1");return 0;}\n');
    const hash = repo.commit('v1');
    const { code, stdout, stderr } = await errand(['build', repo.dir, '--commit', 'main', '--target', 'wasm32-wasip1'], scratch.dir);
    assert.equal(code, 0, stderr);
    assert.match(stdout, /^sha256: [0-9a-f]{64}$/m);
    assert.match(stdout, new RegExp(`^path: ${scratch.dir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/\\.errand/modules/[0-9a-f]{64}\\.wasm$`, 'm'));
    assert.match(stdout, new RegExp(`^commit: ${hash}$`, 'm'));
  });

  it('exits 1 with a coded one-line message when the build fails', async () => {
    repo.write('main.c', 'int main(void){ return nope; }\n');
    const { code, stdout, stderr } = await errand(['build', repo.dir], scratch.dir);
    assert.equal(code, 1);
    assert.equal(stdout, '');
    assert.match(stderr, /\(WORKER__BUILD_FAILED\)$/m);
    assert.match(stderr, /nope/, `the build log tail is shown: ${stderr}`);
  });

  it('exits 2 for bad arguments', async () => {
    for (const args of [
      ['build'],
      ['build', '.', '--target', 'x86_64'],
      ['build', '.', '--sandbox', 'chroot'],
      ['build', '/no/such/dir'],
      ['build', 'a', 'b'],
    ]) {
      const { code, stderr } = await errand(args, scratch.dir);
      assert.equal(code, 2, `${args.join(' ')}: ${stderr}`);
      assert.match(stderr, /COMMON__INVALID_ARGUMENT/);
    }
  });
});
