/**
 * A distinct host uid for each concurrent bwrap build, so that each build has its own process
 * budget: RLIMIT_NPROC counts every process of a real uid, so builds sharing one uid (e.g. nobody)
 * share one budget, and one build's fork bomb starves the others. The uid of a build is
 *   first + pid * SLOTS_PER_PROCESS + slot
 * where pid is the worker's own process id and slot is free within this process: two live worker
 * processes never share a pid, so they never share a uid, without any lock file; a dead worker's
 * builds died with it (bwrap --die-with-parent), so its uids are free again. The default range
 * (0x70000000 + up to 2^22 pids * 32) lies in the block systemd leaves unassigned; an operator
 * whose host uses it sets another `first`. It does not make uids unique across pid namespaces
 * (two containerised workers on one kernel): give each its own `first` there.
 */
import { ErrandError } from '../../common/errors/index.ts';

export const SLOTS_PER_PROCESS = 32;
export const DEFAULT_FIRST_BUILD_UID = 0x70000000;

export class BuildUids {
  private readonly used = new Set<number>();

  constructor(
    private readonly first = DEFAULT_FIRST_BUILD_UID,
    private readonly pid = process.pid,
  ) {}

  /** A uid no other build of any live worker process holds; give it back with release(). */
  acquire(): number {
    for (let slot = 0; slot < SLOTS_PER_PROCESS; slot += 1) {
      if (this.used.has(slot)) continue;
      this.used.add(slot);
      return this.first + this.pid * SLOTS_PER_PROCESS + slot;
    }
    throw new ErrandError('WORKER__SANDBOX_UNAVAILABLE', `more than ${SLOTS_PER_PROCESS} concurrent builds in one worker process`, {
      backend: 'bwrap',
      reason: 'no free build uid',
    });
  }

  release(uid: number): void {
    this.used.delete(uid - this.first - this.pid * SLOTS_PER_PROCESS);
  }
}
