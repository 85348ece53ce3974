import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { isErrandError } from '../../../common/errors/index.ts';
import { createSandbox, type SandboxRunOptions } from '../../../worker/sandbox/index.ts';
import { tempDir } from '../helpers/gitRepo.ts';
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

  describe('network', () => {
    let server: Server;
    let connections = 0;
    const sockets = new Set<Socket>();
    before(async () => {
      server = createServer((socket) => {
        connections += 1;
        sockets.add(socket);
        socket.end();
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    });
    after(async () => {
      for (const s of sockets) s.destroy();
      await new Promise((resolve) => server.close(resolve));
    });

    it('cannot reach a listener on the host loopback, and the listener sees no connection', async () => {
      const port = (server.address() as AddressInfo).port;
      const script = `require('net').connect(${port}, '127.0.0.1').on('connect', () => { console.log('CONNECTED'); process.exit(0); }).on('error', (e) => { console.log('connect failed:', e.code); process.exit(7); })`;
      const result = await sandbox.run({ ...base, command: '/usr/bin/node', args: ['-e', script] });
      assert.equal(result.exitCode, 7, result.logTail);
      assert.match(result.logTail, /connect failed: ECONNREFUSED/);
      assert.ok(!result.logTail.includes('CONNECTED'));
      await delay(100);
      assert.equal(connections, 0);
    });

    it('has only a loopback interface and no DNS', async () => {
      const result = await sandbox.run({ ...base, command: '/bin/sh', args: ['-c', "tail -n +3 /proc/net/dev | cut -d: -f1 | tr -d ' '; getent hosts example.com || echo NO_DNS"] });
      assert.equal(result.logTail.trim().split('\n').join(' '), 'lo NO_DNS');
    });
  });

  it('mounts the source read-only and lets the build write only /out', async () => {
    const script = 'cat /src/input.txt; echo x > /src/new.txt || echo SRC_RO; echo y > /usr/new.txt || echo USR_RO; echo built > /out/result.txt';
    const result = await sandbox.run({ ...base, command: '/bin/sh', args: ['-c', script] });
    assert.equal(result.exitCode, 0, result.logTail);
    assert.match(result.logTail, /from the source/);
    assert.match(result.logTail, /SRC_RO/);
    assert.match(result.logTail, /USR_RO/);
    assert.equal(existsSync(path.join(scratch.dir, 'src', 'new.txt')), false);
    assert.equal(readFileSync(path.join(scratch.dir, 'out', 'result.txt'), 'utf8'), 'built\n');
  });

  it('starts from a clean environment and does not see the host filesystem', async () => {
    process.env.ERRAND_TEST_HOST_SECRET = 'should-not-leak';
    try {
      const result = await sandbox.run({ ...base, env: { PATH: '/usr/bin:/bin', ONLY: 'this' }, command: '/bin/sh', args: ['-c', 'env | sort; ls /root /home /work 2>&1 | head -3; id -u'] });
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
    await assert.rejects(sandbox.run({ ...base, signal: controller.signal, command: '/bin/sh', args: ['-c', 'sleep 30'] }), (e) => isErrandError(e, 'COMMON__ABORTED'));
  });
});
