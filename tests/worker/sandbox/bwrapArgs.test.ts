import assert from 'node:assert/strict';
import { bwrapArgs, type BwrapArgsInput } from '../../../worker/sandbox/index.ts';

const input: BwrapArgsInput = {
  command: '/bin/sh',
  args: ['-c', 'make'],
  sourceDir: '/host/src',
  outputDir: '/host/out',
  env: { PATH: '/usr/bin', HOME: '/build/home' },
  limits: { wallMs: 1000, cpuSeconds: 30, memoryBytes: 1 << 30, maxProcesses: 64 },
  readOnlyBinds: [{ host: '/repo/node_modules', sandbox: '/toolchain/node_modules' }],
  host: { symlinks: { '/bin': 'usr/bin' }, dirs: ['/lib64'] },
  tmpfsBytes: 1 << 28,
  maxFileBytes: 1 << 27,
};

/** The values that follow each occurrence of `flag` (flag with `arity` values). */
function occurrences(args: string[], flag: string, arity: number): string[][] {
  const found: string[][] = [];
  args.forEach((a, i) => {
    if (a === flag) found.push(args.slice(i + 1, i + 1 + arity));
  });
  return found;
}

describe('worker/sandbox: bwrap command line', () => {
  const args = bwrapArgs(input);
  const beforeCommand = args.slice(0, args.indexOf('--'));

  it('unshares every namespace, user explicitly, and forbids nested user namespaces', () => {
    for (const flag of ['--unshare-all', '--unshare-user', '--disable-userns', '--die-with-parent', '--new-session']) {
      assert.ok(beforeCommand.includes(flag), flag);
    }
    assert.ok(!beforeCommand.includes('--share-net'));
  });

  it('binds the source read-only and only the output directory read-write', () => {
    assert.deepEqual(occurrences(beforeCommand, '--bind', 2), [['/host/out', '/out']]);
    assert.deepEqual(occurrences(beforeCommand, '--ro-bind', 2), [
      ['/usr', '/usr'],
      ['/repo/node_modules', '/toolchain/node_modules'],
      ['/host/src', '/src'],
    ]);
    const tryBinds = occurrences(beforeCommand, '--ro-bind-try', 2).map(([from]) => from);
    assert.ok(
      tryBinds.every((from) => from === '/lib64' || from.startsWith('/etc/')),
      `only /etc files and /lib*: ${tryBinds.join(' ')}`,
    );
    assert.ok(!tryBinds.includes('/etc'), 'never the whole of /etc');
  });

  it('mounts size-capped tmpfs for /dev/shm, /tmp and /build, and remounts the unsized root and /dev read-only last', () => {
    assert.deepEqual(occurrences(beforeCommand, '--tmpfs', 1), [['/dev/shm'], ['/tmp'], ['/build']]);
    assert.deepEqual(occurrences(beforeCommand, '--size', 1), [[String(64 * 1024 * 1024)], [String(1 << 28)], [String(1 << 28)]]);
    assert.deepEqual(occurrences(beforeCommand, '--remount-ro', 1), [['/dev'], ['/']]);
    const lastMount = Math.max(...['--bind', '--ro-bind', '--tmpfs', '--symlink', '--dir'].map((f) => beforeCommand.lastIndexOf(f)));
    assert.ok(beforeCommand.indexOf('--remount-ro') > lastMount, 'remounted after every mount');
  });

  it('clears the environment and sets exactly the given variables', () => {
    assert.ok(beforeCommand.includes('--clearenv'));
    assert.deepEqual(occurrences(beforeCommand, '--setenv', 2), [
      ['PATH', '/usr/bin'],
      ['HOME', '/build/home'],
    ]);
  });

  it('applies CPU, memory, process and file-size limits through prlimit before the command', () => {
    const tail = args.slice(args.indexOf('--') + 1);
    assert.equal(tail[0], '/usr/bin/prlimit');
    assert.ok(tail.includes('--cpu=30'));
    assert.ok(tail.includes(`--data=${1 << 30}`));
    assert.ok(tail.includes('--nproc=64'));
    assert.ok(tail.includes(`--fsize=${1 << 27}`));
    assert.deepEqual(tail.slice(-3), ['/bin/sh', '-c', 'make']);
  });
});
