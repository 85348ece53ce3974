/**
 * The examples build to the same module in both backends: the compiler image carries Debian's
 * toolchains, the ones bubblewrap binds from the host, so a build is reproducible across them.
 */
import assert from 'node:assert/strict';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { compileSource } from '../../../worker/compile/index.ts';
import { createSandbox, type DockerSandbox } from '../../../worker/sandbox/index.ts';
import { requireDockerEngine } from './helpers/dockerEngine.ts';

const examples = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'examples');

describe('worker/sandbox: the examples build to the same sha256 in bwrap and docker', function () {
  this.timeout(600_000);
  let docker: DockerSandbox;
  before(async function () {
    ({ sandbox: docker } = await requireDockerEngine(this));
  });

  for (const example of ['c-compute', 'rust-json', 'assemblyscript-hello']) {
    it(example, async () => {
      const input = { kind: 'dir' as const, path: path.join(examples, example) };
      const options = { workDir: os.tmpdir(), timeoutMs: 300_000 };
      const inBwrap = await compileSource(input, { ...options, sandbox: createSandbox('bwrap') });
      const inDocker = await compileSource(input, { ...options, sandbox: docker });
      assert.equal(inDocker.target, inBwrap.target);
      assert.equal(inDocker.sha256, inBwrap.sha256, `${example}: docker ${inDocker.sha256} vs bwrap ${inBwrap.sha256}`);
    });
  }
});
