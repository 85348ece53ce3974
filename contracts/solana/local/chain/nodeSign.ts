/** Signs a legacy transaction with Node's own ed25519 (the client's signLegacy): the deploy signs
 * ~80 transactions at start-up, and web3.js's pure-JS signer is about a hundred times slower. */
import type { Keypair, Transaction } from '@solana/web3.js';
import { signLegacy } from '../../client/signLegacy.ts';

export function signFast(tx: Transaction, signers: Keypair[]): Buffer {
  return signLegacy(tx, signers).wire;
}
