/**
 * A killed worker's build directories do not stay forever: the next worker start deletes every
 * errand-build-* whose owner process is gone (unmounting a root build's capped /out first), and
 * leaves alone those of live processes and young ones still being set up.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createBuildDir, createSandbox, SandboxModuleBuilder, sweepStaleBuildDirs } from '../../../worker/compile/index.ts';
import { tempDir } from '../helpers/gitRepo.ts';

/** The pid of a process that has exited. */
function deadPid(): number {
  const child = spawnSync('/bin/sh', ['-c', 'echo $$'], { encoding: 'utf8' });
  return Number(child.stdout.trim());
}

describe('worker/compile: stale build directories are deleted at worker start', () => {
  let work: ReturnType<typeof tempDir>;
  beforeEach(() => (work = tempDir('errand-workdir-')));
  afterEach(() => work.remove());

  /** A build directory as a killed worker leaves it: its tree, and an owner that is gone. */
  const deadWorkersDir = (name: string, owner: string | null): string => {
    const dir = path.join(work.dir, `errand-build-${name}`);
    mkdirSync(path.join(dir, 'src'), { recursive: true });
    writeFileSync(path.join(dir, 'src', 'main.c'), 'int main(void){return 0;}\n');
    if (owner !== null) writeFileSync(path.join(dir, 'owner'), `${owner}\n`);
    return dir;
  };

  it('deletes the directories of dead owners, old ownerless ones, and keeps live and young ones', async () => {
    const dead = deadWorkersDir('dead', `${deadPid()} 12345`);
    const recycled = deadWorkersDir('recycled', `${process.pid} 1`); // a live pid, but not the process that wrote it
    const live = await createBuildDir(work.dir);
    const youngOwnerless = deadWorkersDir('young', null);
    const oldOwnerless = deadWorkersDir('old', null);
    const old = new Date(Date.now() - 3600_000);
    utimesSync(oldOwnerless, old, old);
    const other = path.join(work.dir, 'not-a-build');
    mkdirSync(other);
    const removed = await sweepStaleBuildDirs(work.dir);
    assert.deepEqual(removed.sort(), [dead, oldOwnerless, recycled].sort());
    for (const dir of [dead, recycled, oldOwnerless]) assert.equal(existsSync(dir), false, dir);
    for (const dir of [live, youngOwnerless, other]) assert.equal(existsSync(dir), true, dir);
    assert.match(readFileSync(path.join(live, 'owner'), 'utf8'), new RegExp(`^${process.pid} \\d+\\n$`));
  });

  it("unmounts a dead root build's capped output directory before deleting it", async function () {
    if (process.getuid?.() !== 0) this.skip();
    const dir = deadWorkersDir('mounted', `${deadPid()}`);
    mkdirSync(path.join(dir, 'out'));
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'errand-out', path.join(dir, 'out')]);
    writeFileSync(path.join(dir, 'out', 'module.wasm'), 'x');
    assert.deepEqual(await sweepStaleBuildDirs(work.dir), [dir]);
    assert.equal(existsSync(dir), false);
    assert.ok(!readFileSync('/proc/self/mountinfo', 'utf8').includes(dir), 'no mount left behind');
  });

  it("a worker's builder sweeps its workDir when it is made (worker start)", async () => {
    const dead = deadWorkersDir('dead', `${deadPid()}`);
    const builder = new SandboxModuleBuilder({ sandbox: createSandbox('bwrap'), workDir: work.dir });
    assert.deepEqual(await builder.swept, [dead]);
    assert.equal(existsSync(dead), false);
  });
});
