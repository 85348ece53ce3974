/**
 * A worker that lies, played by an end-to-end test: it registers with the coordinator as
 * 'forger', claims a request through the coordinator like any worker, hands in what the test
 * chooses, and resolves on-chain with a registered worker's key. What `errand verify` must catch.
 */
import assert from 'node:assert/strict';
import { KeyPair } from '@near-js/crypto';
import type { DevStack } from '../../cli/dev/startDevStack.ts';
import type { ExecutionResponse } from '../../common/types/index.ts';
import { CoordinatorClient } from '../../coordinator/client/CoordinatorClient.ts';
import { admin } from './helpers.ts';

type Claim = NonNullable<Awaited<ReturnType<CoordinatorClient['claim']>>>;
type Job = Claim['jobs'][number];

export interface ForgerClaim {
  forger: CoordinatorClient;
  claim: Claim;
  /** Absent when the coordinator already had a trusted module for the source. */
  compileJob: Job | undefined;
  executeJob: Job;
}

/** Registers the forger, claims the request (ledger record id) and runs `act` with the claim; closes the client after. */
export async function asForger(stack: DevStack, recordId: string, act: (c: ForgerClaim) => Promise<void>): Promise<void> {
  const reg = await admin(stack).registerWorker({ workerId: 'forger', publicKey: KeyPair.fromRandom('ed25519').getPublicKey().toString() });
  const forger = new CoordinatorClient({ baseUrl: stack.coordinator.url, token: reg.token });
  try {
    const claim = await forger.claim(recordId);
    assert.ok(claim, 'the forger claims the request');
    const compileJob = claim.jobs.find((j) => j.type === 'compile');
    const executeJob = claim.jobs.find((j) => j.type === 'execute')!;
    await act({ forger, claim, compileJob, executeJob });
  } finally {
    forger.close();
  }
}

/** Completes the forger's compile job with `wasm` as the module it built at `pinnedCommit`. */
export async function handInModule(forger: CoordinatorClient, compileJob: Job, sha256: string, wasm: Uint8Array, pinnedCommit: string): Promise<void> {
  await forger.uploadWasm(sha256, wasm);
  await forger.completeCompile(compileJob.id, { wasmSha256: sha256, pinnedCommit, compileTimeMs: 1 });
}

/** Resolves a NEAR request with the first registered worker's key and waits until the chain no longer has it pending. */
export async function resolveOnNear(stack: DevStack, requestId: string, response: ExecutionResponse): Promise<void> {
  const user = stack.chain.clientFor(stack.chain.userId);
  await stack.chain.clientFor(stack.chain.workerIds[0]!).resolveExecution(requestId, response);
  for (let i = 0; i < 600; i++) {
    const v = (await user.view('get_request', { request_id: Number(requestId) })) as { status: string };
    if (v.status !== 'pending') break;
    await new Promise((r) => setTimeout(r, 100));
  }
}
