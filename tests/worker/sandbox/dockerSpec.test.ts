import assert from 'node:assert/strict';
import { BUILD_LABELS, dockerCreateOptions } from '../../../worker/sandbox/index.ts';

const run = {
  command: '/bin/sh',
  args: ['-c', 'echo hi'],
  sourceDir: '/host/src',
  outputDir: '/host/out',
  env: { PATH: '/usr/bin', HOME: '/build/home' },
  limits: { wallMs: 1000, cpuSeconds: 30, memoryBytes: 512 * 1024 * 1024, maxProcesses: 64 },
};

describe('worker/sandbox: docker container spec', () => {
  const spec = dockerCreateOptions(run, { image: 'errand-compiler:test', cpus: 2 });
  const host = spec.HostConfig!;

  it('has no network at all', () => {
    assert.equal(host.NetworkMode, 'none');
    assert.equal(spec.NetworkDisabled, true);
  });

  it('runs unprivileged: read-only root, all capabilities dropped, no-new-privileges, non-root user', () => {
    assert.equal(host.ReadonlyRootfs, true);
    assert.deepEqual(host.CapDrop, ['ALL']);
    assert.equal(host.CapAdd, undefined);
    assert.ok(host.SecurityOpt?.includes('no-new-privileges'));
    assert.equal(host.Privileged, false);
    assert.equal(spec.User, '65534:65534');
  });

  it('binds the source read-only and the output read-write, with tmpfs for /tmp and /build', () => {
    assert.deepEqual(host.Binds, ['/host/src:/src:ro', '/host/out:/out:rw']);
    assert.deepEqual(Object.keys(host.Tmpfs ?? {}).sort(), ['/build', '/tmp']);
  });

  it('limits memory (no extra swap), CPU and processes', () => {
    assert.equal(host.Memory, 512 * 1024 * 1024);
    assert.equal(host.MemorySwap, 512 * 1024 * 1024);
    assert.equal(host.NanoCpus, 2e9);
    assert.equal(host.PidsLimit, 64);
    assert.deepEqual(
      host.Ulimits?.find((u) => u.Name === 'cpu'),
      { Name: 'cpu', Soft: 30, Hard: 30 },
    );
  });

  it('passes exactly the given environment and command', () => {
    assert.deepEqual(spec.Env, ['PATH=/usr/bin', 'HOME=/build/home']);
    assert.deepEqual(spec.Cmd, ['/bin/sh', '-c', 'echo hi']);
    assert.equal(spec.Image, 'errand-compiler:test');
  });

  it('labels the container with its role, owner and deadline so a sweep can find it', () => {
    const labelled = dockerCreateOptions(run, { image: 'x', owner: 'worker-a', now: 1_000 });
    assert.deepEqual(labelled.Labels, { [BUILD_LABELS.role]: 'build', [BUILD_LABELS.owner]: 'worker-a', [BUILD_LABELS.deadline]: '2000' });
  });
});
