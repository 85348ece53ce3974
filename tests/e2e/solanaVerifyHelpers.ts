/** `errand verify --chain solana` in the end-to-end tests (solanaHttp.test.ts, solanaVerify.test.ts):
 * run in-process against the stack's local Solana and coordinator, after the settlement is final. */
import type { Connection } from '@solana/web3.js';
import type { DevStack } from '../../cli/dev/startDevStack.ts';
import { run as verify } from '../../cli/commands/verify.ts';
import { verifyFlags } from './errandVerify.ts';
import { captureStdout } from './httpProgram.ts';

/** `errand verify ID --chain solana` in-process against the stack's local Solana and coordinator. */
export const runVerify = (stack: DevStack, requestId: string): Promise<{ code: number; out: string }> =>
  captureStdout(() => verify([requestId, ...verifyFlags(stack, 'solana')]));

/** verify reads finalized history only: wait until the settlement is final. */
export async function untilFinalized(connection: Connection, signature: string): Promise<void> {
  for (let i = 0; i < 600; i++) {
    const { value } = await connection.getSignatureStatus(signature, { searchTransactionHistory: true });
    if (value?.confirmationStatus === 'finalized') return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`${signature} never finalized`);
}
