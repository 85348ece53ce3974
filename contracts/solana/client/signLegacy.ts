/**
 * Signs a legacy transaction with Node's own ed25519 (OpenSSL) and returns its wire bytes: about a
 * hundred times faster than web3.js's pure-JS signer, whose signing was the largest single cost of
 * a resolve (and of a dApp's request) under load. The message is compiled once, by compileLegacy
 * (web3.js's sign-then-serialize compiles it twice, each time sorting keys by base58). The key
 * object is made once per Keypair.
 */
import { createPrivateKey, sign, type KeyObject } from 'node:crypto';
import { utils } from '@coral-xyz/anchor';
import type { Keypair, Transaction } from '@solana/web3.js';
import { ErrandError } from '../../../common/errors/index.ts';
import { compileLegacy } from './compileLegacy.ts';

const PKCS8_ED25519_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');
const keyObjects = new WeakMap<Keypair, KeyObject>();

function keyObject(k: Keypair): KeyObject {
  let key = keyObjects.get(k);
  if (!key) {
    key = createPrivateKey({ key: Buffer.concat([PKCS8_ED25519_PREFIX, k.secretKey.subarray(0, 32)]), format: 'der', type: 'pkcs8' });
    keyObjects.set(k, key);
  }
  return key;
}

/** `signers`: every key the message requires a signature of (extra keys are ignored). The
 * signature is the first one's, base58, as the network names the transaction. */
export function signLegacy(tx: Transaction, signers: Keypair[]): { wire: Buffer; signature: string } {
  if (!tx.feePayer || !tx.recentBlockhash)
    throw new ErrandError('COMMON__INVALID_ARGUMENT', 'a transaction needs a fee payer and a blockhash', { field: 'tx' });
  const { bytes, signers: needed } = compileLegacy(tx.feePayer, tx.recentBlockhash, tx.instructions);
  const required = needed.length;
  const sigs: Buffer[] = [];
  for (const key of needed) {
    const signer = signers.find((s) => s.publicKey.equals(key));
    if (!signer) throw new ErrandError('COMMON__INVALID_ARGUMENT', `missing the signature of ${key.toBase58()}`, { field: 'signers' });
    sigs.push(sign(null, bytes, keyObject(signer)));
  }
  if (required >= 0x80)
    throw new ErrandError('COMMON__INVALID_ARGUMENT', `${required} signatures: more than a legacy transaction takes here`, { field: 'signers' });
  const wire = Buffer.concat([Buffer.from([required]), ...sigs, bytes]);
  return { wire, signature: utils.bytes.bs58.encode(sigs[0]!) };
}
