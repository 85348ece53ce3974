import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { isErrandError } from '../../../common/errors/index.ts';
import { BwrapSandbox, createSandbox, type SandboxRunOptions } from '../../../worker/sandbox/index.ts';
import { tempDir } from '../helpers/gitRepo.ts';
import { describeSandboxConformance } from './helpers/sandboxConformance.ts';
import { requireTools } from '../../setup/requireTools.ts';

const sandbox = createSandbox('bwrap');
const limits = { wallMs: 20_000, cpuSeconds: 20, memoryBytes: 2 * 1024 ** 3, maxProcesses: 64 };

describe('worker/sandbox: bwrap backend (real)', function () {
  before(async function () {
    await requireTools(this, ['bwrap']);
  });
  this.timeout(60_000);
  let scratch: ReturnType<typeof tempDir>;
  let base: Omit<SandboxRunOptions, 'command' | 'args'>;

  beforeEach(() => {
    scratch = tempDir('errand-sbx-');
    mkdirSync(path.join(scratch.dir, 'src'));
    mkdirSync(path.join(scratch.dir, 'out'));
    writeFileSync(path.join(scratch.dir, 'src', 'input.txt'), 'from the source\n');
    base = { sourceDir: path.join(scratch.dir, 'src'), outputDir: path.join(scratch.dir, 'out'), env: { PATH: '/usr/bin:/bin' }, limits };
  });
  afterEach(() => scratch.remove());

  describeSandboxConformance(() => ({ sandbox, base, scratchDir: scratch.dir }));

  it('starts from a clean environment and does not see the host filesystem', async () => {
    process.env.ERRAND_TEST_HOST_SECRET = 'should-not-leak';
    try {
      const result = await sandbox.run({
        ...base,
        env: { PATH: '/usr/bin:/bin', ONLY: 'this' },
        command: '/bin/sh',
        args: ['-c', 'env | sort; ls /root /home /work 2>&1 | head -3; id -u'],
      });
      assert.ok(!result.logTail.includes('should-not-leak'));
      assert.match(result.logTail, /ONLY=this/);
      assert.match(result.logTail, /No such file or directory/);
      assert.ok(!/^0$/m.test(result.logTail), 'not root inside');
    } finally {
      delete process.env.ERRAND_TEST_HOST_SECRET;
    }
  });

  it('kills a build that outlives its wall-clock limit together with its background children', async () => {
    const marker = '/out/marker';
    const script = `(sleep 3; echo too-late > ${marker}) & sleep 60`;
    const started = Date.now();
    const result = await sandbox.run({ ...base, limits: { ...limits, wallMs: 1000 }, command: '/bin/sh', args: ['-c', script] });
    assert.equal(result.timedOut, true);
    assert.equal(result.exitCode, null);
    assert.ok(Date.now() - started < 15_000);
    await delay(4000);
    assert.equal(existsSync(path.join(scratch.dir, 'out', 'marker')), false, 'the background sleeper was killed too');
  });

  it('enforces the process-count limit', async () => {
    const script = 'i=0; while [ $i -lt 40 ]; do sleep 2 & i=$((i+1)); done; wait; echo finished';
    const result = await sandbox.run({ ...base, limits: { ...limits, maxProcesses: 10 }, command: '/bin/sh', args: ['-c', script] });
    assert.match(result.logTail, /Cannot fork|Resource temporarily unavailable/);
  });

  it('enforces the CPU-time limit', async () => {
    const result = await sandbox.run({ ...base, limits: { ...limits, cpuSeconds: 1 }, command: '/bin/sh', args: ['-c', 'while :; do :; done'] });
    assert.equal(result.timedOut, false);
    assert.ok(result.signal === 'SIGKILL' || result.signal === 'SIGXCPU', `signal ${result.signal}`);
  });

  it('enforces the memory limit', async () => {
    const hog = 'const a = []; for (;;) a.push(Buffer.alloc(1 << 20).fill(1));';
    const result = await sandbox.run({ ...base, limits: { ...limits, memoryBytes: 256 * 1024 * 1024 }, command: '/usr/bin/node', args: ['-e', hog] });
    assert.notEqual(result.exitCode, 0);
    assert.equal(result.timedOut, false);
  });

  it('streams output as it is produced', async () => {
    const chunks: string[] = [];
    await sandbox.run({ ...base, command: '/bin/sh', args: ['-c', 'echo one; sleep 0.3; echo two'], onOutput: (c) => chunks.push(c) });
    assert.deepEqual(chunks.join('').trim().split('\n'), ['one', 'two']);
    assert.ok(chunks.length >= 2);
  });

  it('rejects with COMMON__ABORTED when the caller aborts, killing the build', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 300);
    await assert.rejects(sandbox.run({ ...base, signal: controller.signal, command: '/bin/sh', args: ['-c', 'sleep 30'] }), (e) =>
      isErrandError(e, 'COMMON__ABORTED'),
    );
  });

  it('a toolchain path the build uid cannot reach (a checkout under a private directory) is named, with the fix', async function () {
    if (process.getuid?.() !== 0) this.skip(); // only a root worker hands builds to an unprivileged uid
    const hidden = path.join(scratch.dir, 'private');
    mkdirSync(path.join(hidden, 'toolchain'), { recursive: true });
    chmodSync(scratch.dir, 0o700); // as /root is: the build uid cannot search it
    const withBind = new BwrapSandbox({ readOnlyBinds: [{ host: path.join(hidden, 'toolchain'), sandbox: '/toolchain/x' }] });
    await assert.rejects(withBind.run({ ...base, command: '/bin/true', args: [] }), (e) => {
      assert.ok(isErrandError(e, 'WORKER__SANDBOX_UNAVAILABLE'));
      assert.match(e.message, /must be able to reach .*private\/toolchain: a parent directory is not world-searchable/);
      return true;
    });
  });
});
