/**
 * The Errand program's store_secrets and delete_secrets as unsigned legacy Solana transactions, in
 * wire format, for a wallet to sign (Wallet Standard's `solana:signTransaction` takes and returns
 * these bytes). Built by hand from the IDL's shapes (contracts/solana/idl/errand.json; Anchor's
 * `global:<name>` discriminators, borsh arguments) so the page needs neither web3.js nor Anchor;
 * tests/dashboard/secretsTransaction.test.ts checks the bytes against the Anchor client's.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { borshBytes, borshOptionString, borshString } from './borsh.ts';
import { concatBytes as concat } from '../../../common/bytes.ts';
import { decodeBase58 } from './base58.ts';
import { findProgramAddress } from './programAddress.ts';

const SYSTEM_PROGRAM = new Uint8Array(32);
const utf8 = new TextEncoder();
/** Solana's packet limit: a larger transaction is refused by every node. */
export const MAX_TRANSACTION_BYTES = 1232;

export interface SecretsKeyArgs {
  repo: string;
  branch: string | null;
  profile: string;
}

const discriminator = (name: string): Uint8Array => sha256(utf8.encode(`global:${name}`)).subarray(0, 8);

/** The entry's account: ["secrets", owner, sha256(borsh(repo, branch, profile))] under the program. */
export function secretsAddress(programId: Uint8Array, owner: Uint8Array, k: SecretsKeyArgs): Uint8Array {
  const keyHash = sha256(concat([borshString(k.repo), borshOptionString(k.branch), borshString(k.profile)]));
  return findProgramAddress([utf8.encode('secrets'), owner, keyHash], programId);
}

function compactU16(n: number): Uint8Array {
  const out: number[] = [];
  for (;;) {
    const low = n & 0x7f;
    n >>= 7;
    if (n === 0) return Uint8Array.from([...out, low]);
    out.push(low | 0x80);
  }
}

/** A one-instruction legacy transaction paid and signed by `keys[0]`; `readonlyUnsigned` keys are last. */
function transaction(
  keys: Uint8Array[],
  readonlyUnsigned: number,
  blockhash: Uint8Array,
  programIndex: number,
  accounts: number[],
  data: Uint8Array,
): Uint8Array {
  const message = concat([
    Uint8Array.of(1, 0, readonlyUnsigned),
    compactU16(keys.length),
    ...keys,
    blockhash,
    compactU16(1),
    Uint8Array.of(programIndex),
    compactU16(accounts.length),
    Uint8Array.from(accounts),
    compactU16(data.length),
    data,
  ]);
  return concat([compactU16(1), new Uint8Array(64), message]);
}

export interface TxContext {
  /** base58 */
  programId: string;
  /** base58: the wallet's account, payer and owner */
  owner: string;
  /** base58, from the coordinator */
  blockhash: string;
}

export function storeSecretsTransaction(c: TxContext, k: SecretsKeyArgs, envelope: Uint8Array, accessCondition: Uint8Array): Uint8Array {
  const program = decodeBase58(c.programId, 32);
  const owner = decodeBase58(c.owner, 32);
  const data = concat([
    discriminator('store_secrets'),
    borshString(k.repo),
    borshOptionString(k.branch),
    borshString(k.profile),
    borshBytes(envelope),
    borshBytes(accessCondition),
  ]);
  // Accounts as the IDL orders them: owner (writable signer), secrets (writable), system program.
  const keys = [owner, secretsAddress(program, owner, k), SYSTEM_PROGRAM, program];
  return transaction(keys, 2, decodeBase58(c.blockhash, 32), 3, [0, 1, 2], data);
}

export function deleteSecretsTransaction(c: TxContext, k: SecretsKeyArgs): Uint8Array {
  const program = decodeBase58(c.programId, 32);
  const owner = decodeBase58(c.owner, 32);
  const keys = [owner, secretsAddress(program, owner, k), program];
  return transaction(keys, 1, decodeBase58(c.blockhash, 32), 2, [0, 1], discriminator('delete_secrets'));
}
