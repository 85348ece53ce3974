/**
 * Decodes a borsh SignedTransaction (nearcore's layout, as near-api-js signs it) with a reader
 * written for it, and verifies its ed25519 signature over sha256 of the transaction's own bytes
 * (the prefix before the signature: borsh is canonical, so these are the bytes that were signed)
 * natively (see verifyEd25519.ts). A generic schema walk plus re-encoding to hash cost ~0.4 ms per
 * transaction in the local chain's profile. Delegate actions, global contracts and secp256k1 keys
 * are refused with a clear error.
 */
import { hash } from 'node:crypto';
import { base58Encode } from './base58.ts';
import { BorshError, BorshReader } from './borshReader.ts';
import type { AccessKeyPermission, Action } from './types.ts';
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

/** Borsh enum indices of NEAR's Action, by the names near-api-js gives them (for error messages). */
const ACTION_NAMES = [
  'createAccount',
  'deployContract',
  'functionCall',
  'transfer',
  'stake',
  'addKey',
  'deleteKey',
  'deleteAccount',
  'signedDelegate',
  'deployGlobalContract',
  'useGlobalContract',
];
const ED25519 = 0;

export function decodeSignedTx(bytes: Uint8Array): SignedTxInfo {
  const r = new BorshReader(bytes);
  let tx: Omit<SignedTxInfo, 'hash' | 'signature'>;
  let txEnd: number;
  let signature: Uint8Array;
  let publicKey: Uint8Array;
  try {
    const signerId = r.string();
    if (r.u8() !== ED25519) throw new InvalidTxError({ InvalidSignature: null, reason: 'only ed25519 keys are supported' });
    publicKey = r.fixed(32);
    const nonce = r.u64();
    const receiverId = r.string();
    const blockHash = base58Encode(r.fixed(32));
    const actions: Action[] = [];
    for (let n = r.u32(); n > 0; n--) actions.push(readAction(r));
    txEnd = r.pos;
    if (r.u8() !== ED25519) throw new InvalidTxError({ InvalidSignature: null, reason: 'only ed25519 keys are supported' });
    signature = r.fixed(64);
    if (!r.done) throw new BorshError(`${bytes.length - r.pos} trailing bytes`);
    tx = { signerId, publicKey: `ed25519:${base58Encode(publicKey)}`, nonce, receiverId, blockHash, actions };
  } catch (e) {
    if (e instanceof InvalidTxError) throw e;
    throw new InvalidTxError({ InvalidTransaction: `borsh decoding failed: ${e instanceof Error ? e.message : String(e)}` });
  }
  const hashBytes = hash('sha256', bytes.subarray(0, txEnd), 'buffer');
  if (!verifyEd25519(signature, hashBytes, publicKey)) throw new InvalidTxError({ InvalidSignature: null });
  return { hash: base58Encode(hashBytes), ...tx, signature: `ed25519:${base58Encode(signature)}` };
}

function readPublicKey(r: BorshReader): string {
  if (r.u8() !== ED25519) throw new InvalidTxError({ InvalidTransaction: 'only ed25519 keys are supported' });
  return `ed25519:${base58Encode(r.fixed(32))}`;
}

/** One action; byte payloads are copied out of the transaction bytes. */
function readAction(r: BorshReader): Action {
  const kind = r.u8();
  switch (kind) {
    case 0:
      return { type: 'CreateAccount' };
    case 1:
      return { type: 'DeployContract', code: r.vec().slice() };
    case 2:
      return { type: 'FunctionCall', methodName: r.string(), args: r.vec().slice(), gas: r.u64(), deposit: r.u128() };
    case 3:
      return { type: 'Transfer', deposit: r.u128() };
    case 4:
      return { type: 'Stake', stake: r.u128(), publicKey: readPublicKey(r) };
    case 5: {
      const publicKey = readPublicKey(r);
      const nonce = r.u64();
      return { type: 'AddKey', publicKey, accessKey: { nonce, permission: readPermission(r) } };
    }
    case 6:
      return { type: 'DeleteKey', publicKey: readPublicKey(r) };
    case 7:
      return { type: 'DeleteAccount', beneficiaryId: r.string() };
    default:
      throw new InvalidTxError({ InvalidTransaction: `unsupported action ${ACTION_NAMES[kind] ?? `#${kind}`} on the local chain` });
  }
}

function readPermission(r: BorshReader): AccessKeyPermission {
  const kind = r.u8();
  if (kind === 1) return { kind: 'full' };
  if (kind !== 0) throw new BorshError(`bad access key permission ${kind}`);
  const allowance = r.option(() => r.u128());
  const receiverId = r.string();
  const methodNames: string[] = [];
  for (let n = r.u32(); n > 0; n--) methodNames.push(r.string());
  return { kind: 'function_call', allowance, receiverId, methodNames };
}
