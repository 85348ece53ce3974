/** Forged accounts for the account-check tests: written straight into the runtime's state, as an
 * attacker would create them with their own program or a system transfer. */
import { Keypair, PublicKey, type TransactionInstruction } from '@solana/web3.js';
import { Account } from 'litesvm/dist/internal.js';
import type { LocalSolana } from '../../contracts/solana/local/index.ts';

export function readAccount(local: LocalSolana, key: PublicKey): { lamports: bigint; data: Buffer; owner: PublicKey } {
  const a = local.chain.svm.getAccount(key.toBytes());
  if (!a) throw new Error(`no account ${key.toBase58()}`);
  return { lamports: a.lamports(), data: Buffer.from(a.data()), owner: new PublicKey(a.owner()) };
}

/** Creates an account at a fresh address (or `at`) with the given contents; returns its address. */
export function forge(local: LocalSolana, contents: { lamports?: bigint; data: Buffer; owner: PublicKey }, at?: PublicKey): PublicKey {
  const key = at ?? Keypair.generate().publicKey;
  local.chain.svm.setAccount(key.toBytes(), new Account(contents.lamports ?? 10_000_000n, contents.data, contents.owner.toBytes(), false, 0n));
  return key;
}

/** A copy of `source` at a new address, optionally changed. */
export function copyOf(local: LocalSolana, source: PublicKey, change: (c: { data: Buffer; owner: PublicKey }) => void = () => {}): PublicKey {
  const c = readAccount(local, source);
  change(c);
  return forge(local, c);
}

/** The instruction with account `name` (by its IDL position) replaced or re-flagged. */
export function withAccount(
  ix: TransactionInstruction,
  index: number,
  change: { pubkey?: PublicKey; isSigner?: boolean; isWritable?: boolean },
): TransactionInstruction {
  const keys = ix.keys.map((k, i) => (i === index ? { ...k, ...change } : k));
  return { ...ix, keys } as TransactionInstruction;
}
