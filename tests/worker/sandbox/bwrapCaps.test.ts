/** Disk and process caps of the real bwrap sandbox: no unsized writable mount, one process budget per build. */
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { createSandbox, type SandboxRunOptions } from '../../../worker/sandbox/index.ts';
import { tempDir } from '../helpers/gitRepo.ts';
import { requireTools } from '../../setup/requireTools.ts';

const MiB = 1024 * 1024;
const sandbox = createSandbox('bwrap', { bwrap: { tmpfsBytes: 4 * MiB } });
const limits = { wallMs: 30_000, cpuSeconds: 20, memoryBytes: 2 * 1024 ** 3, maxProcesses: 64 };

describe('worker/sandbox: bwrap disk and process caps (real)', function () {
  before(async function () {
    await requireTools(this, ['bwrap']);
  });
  this.timeout(60_000);
  let scratch: ReturnType<typeof tempDir>;
  const base = (name: string): Omit<SandboxRunOptions, 'command' | 'args'> => {
    mkdirSync(path.join(scratch.dir, `src-${name}`));
    mkdirSync(path.join(scratch.dir, `out-${name}`));
    return { sourceDir: path.join(scratch.dir, `src-${name}`), outputDir: path.join(scratch.dir, `out-${name}`), env: { PATH: '/usr/bin:/bin' }, limits };
  };
  beforeEach(() => {
    scratch = tempDir('errand-sbx-caps-');
  });
  afterEach(() => scratch.remove());

  it('has no unsized writable mount: the root and /dev are read-only, /tmp, /build and /dev/shm stop at their size', async () => {
    const script = [
      'for f in /big /etc/big /dev/big; do head -c 8388608 /dev/zero > $f 2>/dev/null && echo "WROTE $f" || echo "REFUSED $f"; done',
      'for d in /tmp /build /dev/shm; do head -c 8388608 /dev/zero > $d/big 2>/dev/null; echo "$d $(wc -c < $d/big)"; done',
      // Every writable mount point, as the build sees them (rw in /proc/self/mounts, minus /proc itself).
      'awk \'$4 ~ /^rw/ {print "RW", $2}\' /proc/self/mounts',
    ].join('\n');
    const result = await sandbox.run({ ...base('a'), command: '/bin/sh', args: ['-c', script] });
    assert.equal(result.exitCode, 0, result.logTail);
    for (const f of ['/big', '/etc/big', '/dev/big']) assert.match(result.logTail, new RegExp(`REFUSED ${f}\\b`), result.logTail);
    for (const d of ['/tmp', '/build', '/dev/shm']) {
      const written = Number(new RegExp(`^${d} (\\d+)$`, 'm').exec(result.logTail)?.[1]);
      assert.ok(written <= 4 * MiB, `${d}: ${written} bytes written past a 4 MiB cap`);
    }
    const writable = [...result.logTail.matchAll(/^RW (\S+)$/gm)]
      .map((m) => m[1]!)
      .filter((m) => !m.startsWith('/proc') && !/^\/dev\/(null|zero|full|random|urandom|tty|pts)$/.test(m));
    assert.deepEqual(writable.sort(), ['/build', '/dev/shm', '/out', '/tmp']);
  });

  it('gives each concurrent build its own process budget, under a uid of its own', async () => {
    // Each build holds 7 sleepers at once under a 12-process cap: alone it fits; two builds sharing
    // one uid's RLIMIT_NPROC (bwrap, its init and the shells count too) do not. Kernels since 5.14
    // also count per user namespace; older ones count per uid only, hence a uid per build.
    const script = 'echo "UID $(id -u)"; i=0; while [ $i -lt 7 ]; do sleep 3 & i=$((i+1)); done; wait && echo ALL_FORKED';
    const run = (name: string) => sandbox.run({ ...base(name), limits: { ...limits, maxProcesses: 12 }, command: '/bin/sh', args: ['-c', script] });
    const [a, b] = await Promise.all([run('a'), run('b')]);
    assert.match(a.logTail, /ALL_FORKED/, a.logTail);
    assert.match(b.logTail, /ALL_FORKED/, b.logTail);
    assert.doesNotMatch(a.logTail + b.logTail, /Cannot fork|Resource temporarily unavailable/);
    const uidOf = (log: string): number => Number(/^UID (\d+)$/m.exec(log)?.[1]);
    assert.notEqual(uidOf(a.logTail), uidOf(b.logTail), 'two concurrent builds never share a uid');
    for (const uid of [uidOf(a.logTail), uidOf(b.logTail)]) assert.ok(uid > 65534, `uid ${uid} is a build uid, not root or nobody`);
  });

  it('still enforces the process cap within one build', async () => {
    const script = 'i=0; while [ $i -lt 30 ]; do sleep 2 & i=$((i+1)); done; wait; echo finished';
    const result = await sandbox.run({ ...base('c'), limits: { ...limits, maxProcesses: 12 }, command: '/bin/sh', args: ['-c', script] });
    assert.match(result.logTail, /Cannot fork|Resource temporarily unavailable/);
  });
});
