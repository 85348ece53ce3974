/**
 * Signs NEAR transactions with Node's native Ed25519 (OpenSSL) instead of near-api-js's pure-JS
 * @noble/curves signer: the same bytes (borsh transaction, sha256 hash, Ed25519 signature of the
 * hash — Ed25519 is deterministic, so the signature is identical too), at a fraction of the CPU
 * (the JS signer was ~1 s of a 30 s e2e benchmark's main thread). secp256k1 keys keep the
 * near-api-js signer.
 * Does not promise: anything beyond `signTransaction`'s contract ([hash, SignedTransaction]).
 */
import { createHash, createPrivateKey, sign, type KeyObject } from 'node:crypto';
import { KeyType, type KeyPair } from '@near-js/crypto';
import { encodeTransaction, Signature, SignedTransaction, type Transaction } from '@near-js/transactions';
import { baseDecode } from '@near-js/utils';

/** DER PKCS#8 prefix of an Ed25519 private key (RFC 8410); the 32-byte seed follows. */
const PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

export class NativeTxSigner {
  private readonly key: KeyObject;

  private constructor(seed: Uint8Array) {
    this.key = createPrivateKey({ key: Buffer.concat([PKCS8_PREFIX, seed]), format: 'der', type: 'pkcs8' });
  }

  /** A native signer for an ed25519 key pair, or null for other key types. */
  static forKeyPair(keyPair: KeyPair): NativeTxSigner | null {
    if (keyPair.getPublicKey().keyType !== KeyType.ED25519) return null;
    const secret = (keyPair as unknown as { secretKey?: string }).secretKey;
    if (typeof secret !== 'string') return null;
    const seed = baseDecode(secret).subarray(0, 32);
    return seed.length === 32 ? new NativeTxSigner(seed) : null;
  }

  signTransaction(tx: Transaction): [Uint8Array, SignedTransaction] {
    const hash = new Uint8Array(createHash('sha256').update(encodeTransaction(tx)).digest());
    const data = new Uint8Array(sign(null, hash, this.key));
    return [hash, new SignedTransaction({ transaction: tx, signature: new Signature({ keyType: KeyType.ED25519, data }) })];
  }
}
