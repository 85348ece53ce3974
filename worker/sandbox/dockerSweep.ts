/**
 * Finds and removes build containers that outlived their build: a worker killed mid-build (SIGKILL,
 * OOM, power loss) never reaches its `finally`, so its container would run and stay forever. Every
 * build container carries labels (see dockerSpec.ts): its role, the worker that started it and its
 * deadline. A sweep removes this worker's build containers (it is starting, so none of them is live)
 * and anyone's whose deadline passed more than `graceMs` ago (its worker is gone or failed to clean up).
 * Containers of other live workers on the same engine are left alone.
 */
import type Docker from 'dockerode';
import { BUILD_LABELS } from './dockerSpec.ts';

export interface SweepResult {
  removed: string[];
}

export async function sweepBuildContainers(docker: Docker, owner: string, now = Date.now(), graceMs = 60_000): Promise<SweepResult> {
  const containers = await docker.listContainers({ all: true, filters: { label: [`${BUILD_LABELS.role}=build`] } });
  const removed: string[] = [];
  for (const c of containers) {
    const deadline = Number(c.Labels[BUILD_LABELS.deadline]);
    const stale = c.Labels[BUILD_LABELS.owner] === owner || !Number.isFinite(deadline) || deadline + graceMs < now;
    if (!stale) continue;
    // Already gone (another sweeper, or AutoRemove) is fine: the goal is that it no longer exists.
    await docker
      .getContainer(c.Id)
      .remove({ force: true })
      .then(() => removed.push(c.Id))
      .catch((err: { statusCode?: number }) => {
        if (err.statusCode !== 404 && err.statusCode !== 409) throw err;
      });
  }
  return { removed };
}
