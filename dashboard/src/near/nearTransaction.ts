/**
 * A NEAR transaction with one FunctionCall action, borsh-serialized as near-api-js's
 * SCHEMA.Transaction (what a wallet's /sign page decodes), from the parts the coordinator gives
 * (coordinator/dashboard/nearWalletTransaction.ts). By hand, so the page carries no near-api-js.
 */
import { borshBytes, borshString } from '../solana/borsh.ts';
import { concatBytes as concat } from '../../../common/bytes.ts';
import { decodeBase58 } from '../solana/base58.ts';
import type { NearWalletTransaction } from '../../../common/types/nearWalletTransaction.ts';

const ED25519 = 0;
const FUNCTION_CALL = 2;

function uintLe(value: string, bytes: number): Uint8Array {
  let n = BigInt(value);
  if (n < 0n || n >= 1n << BigInt(bytes * 8)) throw new Error(`${value} does not fit in ${bytes} bytes`);
  const out = new Uint8Array(bytes);
  for (let i = 0; i < bytes; i++, n >>= 8n) out[i] = Number(n & 0xffn);
  return out;
}

export function serializeNearTransaction(t: NearWalletTransaction): Uint8Array {
  if (!t.publicKey.startsWith('ed25519:')) throw new Error('only ed25519 keys are supported');
  const args = Uint8Array.from(atob(t.args), (c) => c.charCodeAt(0));
  return concat([
    borshString(t.signerId),
    Uint8Array.of(ED25519),
    decodeBase58(t.publicKey.slice('ed25519:'.length), 32),
    uintLe(t.nonce, 8),
    borshString(t.receiverId),
    decodeBase58(t.blockHash, 32),
    Uint8Array.of(1, 0, 0, 0), // one action
    Uint8Array.of(FUNCTION_CALL),
    borshString(t.methodName),
    borshBytes(args),
    uintLe(t.gas, 8),
    uintLe(t.deposit, 16),
  ]);
}
