/**
 * A worker in a process of its own (`errand worker`), for the end-to-end tests that kill one with
 * SIGKILL in the middle of an execution: spawns it with the given environment and kills it once it
 * says it is executing and the ledger agrees that it holds the claim.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import type { DevStack } from '../../cli/dev/startDevStack.ts';
import { waitFor } from '../worker/loop/helpers.ts';
import { admin } from './helpers.ts';

export function spawnWorker(stack: DevStack, env: Record<string, string>): { child: ChildProcess; started: () => boolean } {
  const child = spawn(process.execPath, ['bin/errand.mjs', 'worker'], {
    env: {
      ...process.env,
      COORDINATOR_URL: stack.coordinator.url,
      KEYSTORE_URL: stack.keystore.url,
      ERRAND_HEARTBEAT_MS: '500',
      ERRAND_POLL_WAIT_MS: '1000',
      ERRAND_DEV_MODE: 'true', // the test program lives in a file:// repository
      LOG_LEVEL: 'debug',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  // The worker logs 'execution started' (JSON lines on stdout) right before it runs the program.
  let started = false;
  let lines = '';
  child.stdout!.on('data', (d: Buffer) => {
    lines += d.toString();
    if (/"msg":"execution started"/.test(lines)) started = true;
    lines = lines.slice(-4096);
  });
  return { child, started: () => started };
}

/** Waits until the child executes the claim it holds as `workerId`, kills it; the claimed request. */
export async function killWhenExecuting(stack: DevStack, w: ReturnType<typeof spawnWorker>, workerId: string) {
  const coord = admin(stack);
  const claimed = await waitFor(
    'the child worker to compile and start executing',
    async () => {
      if (!w.started()) return undefined;
      const [r] = await coord.listRequests({ status: 'claimed' });
      return r && r.claimedBy === workerId ? r : undefined;
    },
    120_000,
  );
  w.child.kill('SIGKILL');
  return claimed;
}
