/** The hand-written Anchor IDL (contracts/solana/idl/errand.json) and the program id it names. */
import { readFileSync } from 'node:fs';
import type { Idl } from '@coral-xyz/anchor';
import { PublicKey } from '@solana/web3.js';

export const ERRAND_IDL = JSON.parse(readFileSync(new URL('../idl/errand.json', import.meta.url), 'utf8')) as Idl;
export const ERRAND_PROGRAM_ID = new PublicKey(ERRAND_IDL.address);

/** The IDL with another program id (a program deployed at another address). */
export function idlFor(programId: PublicKey): Idl {
  return { ...ERRAND_IDL, address: programId.toBase58() };
}
