/**
 * Decodes a borsh SignedTransaction with near-api-js's own schema (so whatever near-api-js signs,
 * we read) and verifies its ed25519 signature over sha256(borsh(Transaction)) natively (see
 * verifyEd25519.ts). Delegate actions, global contracts and secp256k1 keys are refused with a
 * clear error.
 */
import { createHash } from 'node:crypto';
import { decodeSignedTransaction, encodeTransaction } from '@near-js/transactions';
import { baseEncode } from '@near-js/utils';
import type { Action } from './types.ts';
import { verifyEd25519 } from './verifyEd25519.ts';

export interface SignedTxInfo {
  hash: string;
  signerId: string;
  publicKey: string;
  nonce: bigint;
  receiverId: string;
  blockHash: string;
  actions: Action[];
  signature: string;
}

/** A transaction the node rejects before execution; `json` is NEAR's InvalidTxError shape. */
export class InvalidTxError extends Error {
  constructor(readonly json: Record<string, unknown>) {
    super(`invalid transaction: ${JSON.stringify(json)}`);
  }
}

type Raw = Record<string, Record<string, unknown> | undefined>;

export function decodeSignedTx(bytes: Uint8Array): SignedTxInfo {
  let signed;
  try {
    signed = decodeSignedTransaction(bytes);
  } catch (e) {
    throw new InvalidTxError({ InvalidTransaction: `borsh decoding failed: ${e instanceof Error ? e.message : String(e)}` });
  }
  const tx = signed.transaction;
  const pk = (tx.publicKey as unknown as Raw)['ed25519Key'] as { data: number[] } | undefined;
  const sig = (signed.signature as unknown as Raw)['ed25519Signature'] as { data: number[] } | undefined;
  if (!pk || !sig) throw new InvalidTxError({ InvalidSignature: null, reason: 'only ed25519 keys are supported' });
  const hashBytes = new Uint8Array(createHash('sha256').update(encodeTransaction(tx)).digest());
  if (!verifyEd25519(Uint8Array.from(sig.data), hashBytes, Uint8Array.from(pk.data))) throw new InvalidTxError({ InvalidSignature: null });
  return {
    hash: baseEncode(hashBytes),
    signerId: tx.signerId,
    publicKey: `ed25519:${baseEncode(Uint8Array.from(pk.data))}`,
    nonce: BigInt(tx.nonce),
    receiverId: tx.receiverId,
    blockHash: baseEncode(Uint8Array.from(tx.blockHash)),
    actions: tx.actions.map((a) => convertAction(a as unknown as Raw)),
    signature: `ed25519:${baseEncode(Uint8Array.from(sig.data))}`,
  };
}

function convertAction(a: Raw): Action {
  const pkOf = (v: unknown): string => {
    const k = (v as Raw)['ed25519Key'] as { data: number[] } | undefined;
    if (!k) throw new InvalidTxError({ InvalidTransaction: 'only ed25519 keys are supported' });
    return `ed25519:${baseEncode(Uint8Array.from(k.data))}`;
  };
  if (a['createAccount']) return { type: 'CreateAccount' };
  const d = a['deployContract'];
  if (d) return { type: 'DeployContract', code: Uint8Array.from(d['code'] as number[]) };
  const f = a['functionCall'];
  if (f) return { type: 'FunctionCall', methodName: String(f['methodName']), args: Uint8Array.from(f['args'] as number[]), gas: BigInt(f['gas'] as bigint), deposit: BigInt(f['deposit'] as bigint) };
  const t = a['transfer'];
  if (t) return { type: 'Transfer', deposit: BigInt(t['deposit'] as bigint) };
  const s = a['stake'];
  if (s) return { type: 'Stake', stake: BigInt(s['stake'] as bigint), publicKey: pkOf(s['publicKey']) };
  const ak = a['addKey'];
  if (ak) {
    const key = ak['accessKey'] as { nonce: bigint; permission: Raw };
    const fc = key.permission['functionCall'];
    return {
      type: 'AddKey',
      publicKey: pkOf(ak['publicKey']),
      accessKey: {
        nonce: BigInt(key.nonce),
        permission: fc
          ? { kind: 'function_call', allowance: fc['allowance'] == null ? null : BigInt(fc['allowance'] as bigint), receiverId: String(fc['receiverId']), methodNames: fc['methodNames'] as string[] }
          : { kind: 'full' },
      },
    };
  }
  const dk = a['deleteKey'];
  if (dk) return { type: 'DeleteKey', publicKey: pkOf(dk['publicKey']) };
  const da = a['deleteAccount'];
  if (da) return { type: 'DeleteAccount', beneficiaryId: String(da['beneficiaryId']) };
  throw new InvalidTxError({ InvalidTransaction: `unsupported action ${Object.keys(a).join(',')} on the local chain` });
}
