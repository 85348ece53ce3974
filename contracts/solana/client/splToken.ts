/**
 * The SPL Token layouts the keystore reads (token accounts and mints), decoded from raw account
 * data and checked, not taken from an RPC's `jsonParsed` view: the account must be owned by the
 * Token program or Token-2022, have the base layout's size (Token-2022 may append extensions
 * after an account-type byte) and be initialized. Layouts: spl-token `state.rs`.
 */
import { PublicKey } from '@solana/web3.js';

export const TOKEN_PROGRAM_ID = new PublicKey('TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA');
export const TOKEN_2022_PROGRAM_ID = new PublicKey('TokenzQdBNbLqP5VEhdkAS6EPFLC1PHnBqCXEpPxuEb');
export const TOKEN_ACCOUNT_SIZE = 165;
export const MINT_SIZE = 82;
/** Token-2022 writes this type byte at offset 165 of an extended account / mint. */
const ACCOUNT_TYPE_MINT = 1;
const ACCOUNT_TYPE_ACCOUNT = 2;

export interface TokenAccount {
  mint: PublicKey;
  owner: PublicKey;
  amount: bigint;
  state: 'initialized' | 'frozen';
}

export interface Mint {
  supply: bigint;
  decimals: number;
}

export function isTokenProgram(owner: PublicKey): boolean {
  return owner.equals(TOKEN_PROGRAM_ID) || owner.equals(TOKEN_2022_PROGRAM_ID);
}

/** Token-2022's extended layouts carry their type at 165; the base sizes are exact otherwise. */
function sizedAs(owner: PublicKey, data: Buffer, base: number, accountType: number): boolean {
  if (data.length === base) return true;
  return owner.equals(TOKEN_2022_PROGRAM_ID) && data.length > TOKEN_ACCOUNT_SIZE && data[TOKEN_ACCOUNT_SIZE] === accountType;
}

/** The token account in `data`, or null when it is not an initialized (or frozen) token account. */
export function decodeTokenAccount(owner: PublicKey, data: Buffer): TokenAccount | null {
  if (!isTokenProgram(owner) || !sizedAs(owner, data, TOKEN_ACCOUNT_SIZE, ACCOUNT_TYPE_ACCOUNT)) return null;
  const state = data[108];
  if (state !== 1 && state !== 2) return null;
  return {
    mint: new PublicKey(data.subarray(0, 32)),
    owner: new PublicKey(data.subarray(32, 64)),
    amount: data.readBigUInt64LE(64),
    state: state === 1 ? 'initialized' : 'frozen',
  };
}

/** The mint in `data`, or null when it is not an initialized mint. */
export function decodeMint(owner: PublicKey, data: Buffer): Mint | null {
  if (!isTokenProgram(owner) || !sizedAs(owner, data, MINT_SIZE, ACCOUNT_TYPE_MINT)) return null;
  if (data[45] !== 1) return null;
  return { supply: data.readBigUInt64LE(36), decimals: data[44] };
}
