/** The native Ed25519 transaction signer produces exactly near-api-js's hash and signed bytes. */
import assert from 'node:assert/strict';
import { KeyPair, KeyPairSigner } from 'near-api-js';
import { KeyPairSecp256k1 } from '@near-js/crypto';
import { actionCreators, createTransaction } from '@near-js/transactions';
import { NativeTxSigner } from '../../../contracts/near/client/nativeTxSigner.ts';

describe('near client: native transaction signer', () => {
  it('signs a transaction byte-for-byte like near-api-js (same hash, same signed transaction)', async () => {
    for (let i = 0; i < 5; i++) {
      const k = KeyPair.fromRandom('ed25519');
      const tx = createTransaction('a.test', k.getPublicKey(), 'b.test', BigInt(i + 1), [actionCreators.transfer(7n + BigInt(i))], new Uint8Array(32).fill(i));
      const [h1, s1] = await new KeyPairSigner(k).signTransaction(tx);
      const [h2, s2] = NativeTxSigner.forKeyPair(k)!.signTransaction(tx);
      assert.deepEqual(Buffer.from(h2), Buffer.from(h1));
      assert.deepEqual(Buffer.from(s2.encode()), Buffer.from(s1.encode()));
    }
  });

  it('declines non-ed25519 keys (the caller keeps the near-api-js signer)', () => {
    assert.equal(NativeTxSigner.forKeyPair(KeyPairSecp256k1.fromRandom()), null);
  });
});
