/** What the coordinator's ledger says about a chain request, for end-to-end tests that look behind a settled request. */
import assert from 'node:assert/strict';
import type { DevStack } from '../../cli/dev/startDevStack.ts';
import { admin } from './helpers.ts';

/** The ledger record of a chain request, once the coordinator's watcher has recorded it (within 60 s). */
export async function ledgerRecord(stack: DevStack, chain: 'near' | 'solana', requestId: string): Promise<{ id: string }> {
  const contractId = chain === 'near' ? stack.chain.contractId : stack.solana!.programId;
  for (let i = 0; i < 600; i++) {
    const [found] = await admin(stack).listRequests({ chain, contractId, requestId, limit: 1 });
    if (found) return found;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`the coordinator never recorded request ${requestId}`);
}

/** The sha256 of the module the request's compile job produced, by the ledger's events. */
export async function compiledWasmSha256(stack: DevStack, recordId: string): Promise<string> {
  const events = await admin(stack).requestEvents(recordId);
  const compiled = events.find((e) => e.kind === 'job_completed' && e.data['type'] === 'compile');
  assert.ok(compiled, 'the request was compiled');
  return compiled.data['wasmSha256'] as string;
}
