import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import type Docker from 'dockerode';
import { isErrandError } from '../../../common/errors/index.ts';
import { BUILD_LABELS, DockerSandbox, type SandboxRunOptions } from '../../../worker/sandbox/index.ts';
import { tempDir } from '../helpers/gitRepo.ts';
import { describeSandboxConformance } from './helpers/sandboxConformance.ts';
import { COMPILER_IMAGE, requireDockerEngine } from './helpers/dockerEngine.ts';

const limits = { wallMs: 30_000, cpuSeconds: 20, memoryBytes: 512 * 1024 * 1024, maxProcesses: 64 };
const owner = `errand-test-${process.pid}`;

async function buildContainers(docker: Docker, who: string): Promise<string[]> {
  const list = await docker.listContainers({ all: true, filters: { label: [`${BUILD_LABELS.owner}=${who}`] } });
  return list.map((c) => c.Id);
}

describe('worker/sandbox: docker backend against a real engine', function () {
  this.timeout(120_000);
  let docker: Docker;
  let sandbox: DockerSandbox;
  let scratch: ReturnType<typeof tempDir>;
  let base: Omit<SandboxRunOptions, 'command' | 'args'>;

  before(async function () {
    ({ docker, sandbox } = await requireDockerEngine(this, { owner }));
  });
  beforeEach(() => {
    scratch = tempDir('errand-docker-');
    mkdirSync(path.join(scratch.dir, 'src'));
    mkdirSync(path.join(scratch.dir, 'out'));
    writeFileSync(path.join(scratch.dir, 'src', 'input.txt'), 'from the source\n');
    base = { sourceDir: path.join(scratch.dir, 'src'), outputDir: path.join(scratch.dir, 'out'), env: { PATH: '/usr/bin:/bin' }, limits };
  });
  afterEach(async () => {
    scratch.remove();
    if (docker) assert.deepEqual(await buildContainers(docker, owner), [], 'every build container is removed after its run');
  });

  describeSandboxConformance(() => ({ sandbox, base, scratchDir: scratch.dir }));

  it('runs as nobody with every capability dropped and no-new-privileges', async () => {
    const result = await sandbox.run({ ...base, command: '/bin/sh', args: ['-c', 'id -u; grep -E "^(CapEff|CapPrm|CapBnd|NoNewPrivs):" /proc/self/status'] });
    assert.equal(result.exitCode, 0, result.logTail);
    assert.match(result.logTail, /^65534$/m);
    assert.match(result.logTail, /CapEff:\s+0{16}/);
    assert.match(result.logTail, /CapPrm:\s+0{16}/);
    assert.match(result.logTail, /CapBnd:\s+0{16}/);
    assert.match(result.logTail, /NoNewPrivs:\s+1/);
  });

  it('starts from the given environment only', async () => {
    process.env.ERRAND_TEST_HOST_SECRET = 'should-not-leak';
    try {
      const result = await sandbox.run({ ...base, env: { PATH: '/usr/bin:/bin', ONLY: 'this' }, command: '/bin/sh', args: ['-c', 'env | sort'] });
      assert.ok(!result.logTail.includes('should-not-leak'));
      assert.match(result.logTail, /ONLY=this/);
    } finally {
      delete process.env.ERRAND_TEST_HOST_SECRET;
    }
  });

  it('applies the CPU share and memory limit as cgroup limits', async () => {
    const script =
      'cat /sys/fs/cgroup/cpu.max 2>/dev/null || echo "$(cat /sys/fs/cgroup/cpu/cpu.cfs_quota_us) $(cat /sys/fs/cgroup/cpu/cpu.cfs_period_us)"; cat /sys/fs/cgroup/memory.max 2>/dev/null || cat /sys/fs/cgroup/memory/memory.limit_in_bytes';
    const result = await sandbox.run({ ...base, limits: { ...limits, memoryBytes: 200 * 1024 * 1024 }, command: '/bin/sh', args: ['-c', script] });
    assert.equal(result.exitCode, 0, result.logTail);
    const [cpu, memory] = result.logTail.trim().split('\n');
    const [quota, period] = cpu.split(' ').map(Number);
    assert.equal(quota / period, 1, `one CPU (${cpu})`);
    assert.equal(Number(memory), 200 * 1024 * 1024);
  });

  it('kills a build past its memory limit', async () => {
    const hog = 'const a = []; for (;;) a.push(Buffer.alloc(1 << 20).fill(1));';
    const result = await sandbox.run({ ...base, limits: { ...limits, memoryBytes: 128 * 1024 * 1024 }, command: '/usr/bin/node', args: ['-e', hog] });
    // 137 = SIGKILL from the cgroup's OOM killer (V8's own heap limit would abort with 134 instead).
    assert.equal(result.exitCode, 137, result.logTail);
    assert.equal(result.signal, 'SIGKILL');
    assert.equal(result.timedOut, false);
  });

  it('enforces the process-count limit', async () => {
    const script = 'i=0; while [ $i -lt 40 ]; do sleep 2 & i=$((i+1)); done; wait; echo finished';
    const result = await sandbox.run({ ...base, limits: { ...limits, maxProcesses: 10 }, command: '/bin/sh', args: ['-c', script] });
    assert.match(result.logTail, /Cannot fork|Resource temporarily unavailable/);
  });

  it('kills the container at the wall-clock deadline, with its background children', async () => {
    const script = '(sleep 3; echo too-late > /out/marker) & sleep 60';
    const started = Date.now();
    const result = await sandbox.run({ ...base, limits: { ...limits, wallMs: 1500 }, command: '/bin/sh', args: ['-c', script] });
    assert.equal(result.timedOut, true);
    assert.equal(result.exitCode, null);
    assert.equal(result.signal, 'SIGKILL');
    assert.ok(Date.now() - started < 30_000);
    await delay(3500);
    assert.equal(existsSync(path.join(scratch.dir, 'out', 'marker')), false, 'the background sleeper died with the container');
  });

  it('rejects with COMMON__ABORTED when the caller aborts, removing the container', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 1500);
    await assert.rejects(sandbox.run({ ...base, signal: controller.signal, command: '/bin/sh', args: ['-c', 'sleep 60'] }), (e) =>
      isErrandError(e, 'COMMON__ABORTED'),
    );
  });

  it('sweeps the container of a worker killed mid-build at the next start with the same owner', async () => {
    const orphanOwner = `${owner}-killed`;
    const child = spawn(
      process.execPath,
      ['bin/run-ts.mjs', 'tests/worker/sandbox/fixtures/dockerBuildThenHang.ts', orphanOwner, COMPILER_IMAGE, scratch.dir],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    try {
      await new Promise<void>((resolve, reject) => {
        child.stdout.on('data', (chunk: Buffer) => chunk.toString().includes('STARTED') && resolve());
        child.once('exit', (code) => reject(new Error(`the stand-in worker exited (${code}) before its build started`)));
      });
    } finally {
      child.kill('SIGKILL');
    }
    await new Promise((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve(undefined) : child.once('exit', resolve)));
    const left = await buildContainers(docker, orphanOwner);
    assert.equal(left.length, 1, 'the killed worker left its build container running');
    const { removed } = await new DockerSandbox({ docker, image: COMPILER_IMAGE, owner: orphanOwner }).sweep();
    assert.deepEqual(removed, left);
    assert.deepEqual(await buildContainers(docker, orphanOwner), []);
  });

  it("sweeps another owner's build container only once its deadline has passed", async () => {
    const other = `${owner}-other`;
    const make = (deadline: number): Promise<Docker.Container> =>
      docker.createContainer({
        Image: COMPILER_IMAGE,
        Cmd: ['/bin/true'],
        Labels: { [BUILD_LABELS.role]: 'build', [BUILD_LABELS.owner]: other, [BUILD_LABELS.deadline]: String(deadline) },
      });
    const expired = await make(Date.now() - 120_000);
    const live = await make(Date.now() + 600_000);
    try {
      const { removed } = await sandbox.sweep(true);
      assert.ok(removed.includes(expired.id), 'the expired one is removed');
      assert.ok(!removed.includes(live.id), 'a live build of another worker is left alone');
      assert.deepEqual(await buildContainers(docker, other), [live.id]);
    } finally {
      await live.remove({ force: true });
      await expired.remove({ force: true }).catch(() => undefined);
    }
  });

  it('fails with a message that says how to build a missing compiler image', async () => {
    const missing = new DockerSandbox({ docker, image: 'errand-compiler:absent-for-test', owner });
    await assert.rejects(missing.run({ ...base, command: '/bin/true', args: [] }), (e) => {
      assert.ok(isErrandError(e, 'WORKER__SANDBOX_UNAVAILABLE'));
      assert.match(e.message, /docker build -f docker\/compiler\.Dockerfile -t errand-compiler:absent-for-test \./);
      return true;
    });
  });
});
