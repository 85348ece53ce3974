/**
 * Builds that plant something other than a module at /out/module.wasm (real bwrap builds of a C
 * Makefile): the worker reads the output without following links, so a symlink to /dev/zero, to a
 * host file or to another module on the host is refused with a coded error, never read.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { isErrandError } from '../../../common/errors/index.ts';
import { compileSource, createSandbox } from '../../../worker/compile/index.ts';
import { START_MODULE } from '../helpers/modules.ts';
import { createTestRepo, tempDir, type TestRepo } from '../helpers/gitRepo.ts';
import { requireTools } from '../../setup/requireTools.ts';

const sandbox = createSandbox('bwrap');

describe('worker/compile: hostile build outputs (real bwrap)', function () {
  before(async function () {
    await requireTools(this, ['bwrap', 'clang-14']);
  });
  this.timeout(90_000);
  let repo: TestRepo;
  let scratch: ReturnType<typeof tempDir>;
  // A path that is the sandbox's writable /tmp inside and the host's /tmp outside.
  const hostPath = path.join(os.tmpdir(), `errand-planted-${randomBytes(6).toString('hex')}.wasm`);
  beforeEach(() => {
    repo = createTestRepo();
    scratch = tempDir('errand-hostile-out-');
  });
  afterEach(() => {
    repo.remove();
    scratch.remove();
    rmSync(hostPath, { force: true });
  });

  /** A wasi C build that also leaves /out/module.wasm as a symlink to `target` (the script's cp then writes through it). */
  const plantLink = (target: string): void => {
    repo.write('main.c', 'int main(void) { return 0; }\n');
    repo.write('Makefile', `# wasi build that plants a link\nall:\n\t$(CC) -O2 -o main.wasm main.c\n\ttouch ${target}\n\tln -s ${target} /out/module.wasm\n`);
    repo.commit('plants a link');
  };
  const compile = () =>
    compileSource({ kind: 'git', repo: repo.url, commit: 'main', target: 'wasm32-wasip1' }, { sandbox, workDir: scratch.dir, timeoutMs: 60_000 });
  const refusedAsSymlink = (e: unknown): boolean => {
    assert.ok(isErrandError(e, 'WORKER__OUTPUT_INVALID'), String(e));
    assert.match(e.context.reason, /symlink/);
    return true;
  };

  it('refuses a host .wasm adopted through a symlink (the planted module is never taken as the build)', async () => {
    writeFileSync(hostPath, START_MODULE);
    plantLink(hostPath);
    await assert.rejects(compile(), refusedAsSymlink);
  });

  it('refuses a symlink to a host file', async () => {
    writeFileSync(hostPath, 'host secret\n');
    plantLink(hostPath);
    await assert.rejects(compile(), refusedAsSymlink);
  });

  it('refuses a symlink to /dev/zero without reading it', async () => {
    plantLink('/dev/zero');
    const before = process.memoryUsage().rss;
    await assert.rejects(compile(), refusedAsSymlink);
    assert.ok(process.memoryUsage().rss - before < 256 * 1024 * 1024, 'nothing large was read');
  });

  it('refuses a directory in place of the module', async () => {
    repo.write('main.c', 'int main(void) { return 0; }\n');
    repo.write('Makefile', '# wasi build that leaves a directory\nall:\n\t$(CC) -O2 -o main.wasm main.c\n\tmkdir /out/module.wasm\n');
    repo.commit('plants a directory');
    await assert.rejects(compile(), (e) => {
      assert.ok(isErrandError(e, 'WORKER__OUTPUT_INVALID'), String(e));
      assert.match(e.context.reason, /not a regular file/);
      return true;
    });
  });

  it('caps /out as a whole: many files, each under the per-file cap, stop at the output cap', async () => {
    // 40 files of 1 MiB each under an 8 MiB output cap (each far below RLIMIT_FSIZE); the build
    // reports what it managed to write, then clears the files so its module still fits.
    const fill =
      'for i in $$(seq 40); do head -c 1048576 /dev/zero > /out/fill$$i 2>/dev/null || break; done; echo "WROTE $$(cat /out/fill* | wc -c)"; rm -f /out/fill*';
    repo.write('main.c', 'int main(void) { return 0; }\n');
    repo.write('Makefile', `# wasi build that fills /out\nall:\n\t$(CC) -O2 -o main.wasm main.c\n\t${fill}\n`);
    repo.commit('fills /out');
    const logs: string[] = [];
    const options = { sandbox, workDir: scratch.dir, timeoutMs: 60_000, maxOutputBytes: 8 * 1024 * 1024, onLog: (t: string) => logs.push(t) };
    const result = await compileSource({ kind: 'git', repo: repo.url, commit: 'main', target: 'wasm32-wasip1' }, options);
    const wrote = Number(/WROTE (\d+)/.exec(logs.join(''))?.[1]);
    assert.ok(wrote <= 8 * 1024 * 1024 + 8192, `the build wrote ${wrote} bytes to /out under an 8 MiB cap`);
    assert.ok(result.wasm.byteLength > 0);
  });
});
