/**
 * The request's `path` (the program's directory in the repository) is resolved through the real
 * tree before anything reads it: through `sub -> .` plus `esc -> sub/sub/../..` it would reach two
 * levels above the checkout (the host's files), so it is refused and no build starts.
 */
import assert from 'node:assert/strict';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { isErrandError } from '../../../common/errors/index.ts';
import { buildTree } from '../../../worker/compile/index.ts';
import { plainOutputDir, type CappedOutputDir, type Sandbox, type SandboxResult } from '../../../worker/sandbox/index.ts';
import { tempDir } from '../helpers/gitRepo.ts';

/** Records runs and fails the test if a build is ever started. */
class NeverRunSandbox implements Sandbox {
  readonly backend = 'bwrap' as const;
  runs = 0;
  prepareOutputDir(dir: string): Promise<CappedOutputDir> {
    return plainOutputDir(dir);
  }
  run(): Promise<SandboxResult> {
    this.runs += 1;
    return Promise.reject(new Error('no build may start'));
  }
}

describe('worker/compile: the request path cannot leave the tree through symlinks', () => {
  let scratch: ReturnType<typeof tempDir>;
  let tree: string;
  beforeEach(() => {
    scratch = tempDir('errand-req-path-');
    // Two levels above the tree: what `esc` really points at. A C program there would be built.
    mkdirSync(path.join(scratch.dir, 'a', 'tree'), { recursive: true });
    writeFileSync(path.join(scratch.dir, 'outside.c'), 'int main(void){return 0;}\n');
    tree = path.join(scratch.dir, 'a', 'tree');
    writeFileSync(path.join(tree, 'main.c'), 'int main(void){return 0;}\n');
    symlinkSync('.', path.join(tree, 'sub'));
    symlinkSync('sub/sub/../..', path.join(tree, 'esc'));
    mkdirSync(path.join(tree, 'real', 'prog'), { recursive: true });
    writeFileSync(path.join(tree, 'real', 'prog', 'main.c'), 'int main(void){return 0;}\n');
    symlinkSync('real/prog', path.join(tree, 'prog'));
  });
  afterEach(() => scratch.remove());
  const build = (subdir: string, sandbox: Sandbox) =>
    buildTree(tree, { sandbox, outputDir: path.join(scratch.dir, 'out'), subdir, wallMs: 10_000, maxOutputBytes: 1 << 20, maxLogBytes: 1 << 16 });

  for (const subdir of ['esc', 'sub/esc']) {
    it(`refuses path '${subdir}' with WORKER__SOURCE_UNSAFE_PATH before any build`, async () => {
      const sandbox = new NeverRunSandbox();
      await assert.rejects(build(subdir, sandbox), (e) => {
        assert.ok(isErrandError(e, 'WORKER__SOURCE_UNSAFE_PATH'), String(e));
        return true;
      });
      assert.equal(sandbox.runs, 0);
    });
  }

  it('accepts a path through a symlink that stays inside the tree', async () => {
    const sandbox = new NeverRunSandbox();
    await assert.rejects(build('prog', sandbox), /no build may start/);
    assert.equal(sandbox.runs, 1);
  });
});
