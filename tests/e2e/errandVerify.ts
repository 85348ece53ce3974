/** `errand verify` against an end-to-end dev stack: the flags that point it at the stack, and what its report must say. */
import assert from 'node:assert/strict';
import type { DevStack } from '../../cli/dev/startDevStack.ts';

/** The chain's RPC and contract (NEAR) or program (Solana), the coordinator and its admin token. */
export function verifyFlags(stack: DevStack, chain: 'near' | 'solana'): string[] {
  const network =
    chain === 'near'
      ? ['--rpc-url', stack.chain.near.rpcUrl, '--contract', stack.chain.contractId]
      : ['--chain', 'solana', '--rpc-url', stack.solana!.local.url, '--program', stack.solana!.programId];
  return [...network, '--coordinator', stack.coordinator.url, '--token', stack.coordinator.adminToken];
}

/**
 * The report's exit code (0: match, 1: mismatch), its named lines (`output  match`, `transcript  mismatch`, ...)
 * and the verdict on its last line, which follows from the exit code.
 */
export function assertVerifyReport(r: { code: number; out: string; err?: string }, code: 0 | 1, lines: Record<string, 'match' | 'mismatch'>): void {
  assert.equal(r.code, code, r.err === undefined ? r.out : `${r.out}\n${r.err}`);
  for (const [name, word] of Object.entries(lines)) assert.match(r.out, new RegExp(`${name}\\s+${word}`));
  assert.equal(r.out.trim().split('\n').pop(), code === 0 ? 'match' : 'mismatch');
}
