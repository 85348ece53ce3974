/**
 * The page's hand-built NEAR transaction (dashboard/src/near/nearTransaction.ts) is byte for byte
 * near-api-js's encodeTransaction of the same FunctionCall, the bytes a wallet's /sign decodes.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { KeyPair, transactions, utils } from 'near-api-js';
import { serializeNearTransaction } from '../../dashboard/src/near/nearTransaction.ts';
import { encodeBase58 } from '../../dashboard/src/solana/base58.ts';

describe('dashboard NEAR wallet transaction', () => {
  for (const deposit of ['0', '12345678901234567890123']) {
    it(`encodes a FunctionCall as near-api-js does (deposit ${deposit})`, () => {
      const key = KeyPair.fromRandom('ed25519').getPublicKey();
      const blockHash = randomBytes(32);
      const args = Buffer.from(JSON.stringify({ repo: 'https://example.test/p', branch: null, profile: 'default', encrypted: 'x'.repeat(300) }));
      const parts = {
        signerId: 'alice.test',
        publicKey: key.toString(),
        nonce: '9007199254740993',
        receiverId: 'errand.test',
        blockHash: encodeBase58(blockHash),
        methodName: 'store_secrets',
        args: args.toString('base64'),
        gas: '20000000000000',
        deposit,
      };
      const expected = transactions.encodeTransaction(
        transactions.createTransaction(
          parts.signerId,
          utils.PublicKey.from(parts.publicKey),
          parts.receiverId,
          BigInt(parts.nonce),
          [transactions.functionCall(parts.methodName, args, BigInt(parts.gas), BigInt(parts.deposit))],
          blockHash,
        ),
      );
      assert.deepEqual(Buffer.from(serializeNearTransaction(parts)), Buffer.from(expected));
    });
  }
});
