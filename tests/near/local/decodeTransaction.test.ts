/**
 * The local chain's own borsh SignedTransaction decoder and base58 agree with near-api-js (its
 * schema decoder, its encoder's hash, @near-js/utils base58) on every action the chain supports,
 * and refuse what it does not support with NEAR's error shapes.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { KeyPair } from 'near-api-js';
import { PublicKey } from '@near-js/crypto';
import { actionCreators, createTransaction, decodeSignedTransaction, encodeTransaction, type Action as NearAction } from '@near-js/transactions';
import { baseDecode, baseEncode } from '@near-js/utils';
import { base58Decode, base58Encode } from '../../../contracts/near/local/chain/base58.ts';
import { decodeSignedTx, InvalidTxError } from '../../../contracts/near/local/chain/decodeTransaction.ts';
import { NativeTxSigner } from '../../../contracts/near/client/nativeTxSigner.ts';

const key = KeyPair.fromRandom('ed25519');
const signer = NativeTxSigner.forKeyPair(key)!;
const other = KeyPair.fromRandom('ed25519').getPublicKey();
const blockHash = baseDecode('8vVNf2ZJTHgMsbm2WBMsVcqNLLgDXtwfHhZEPwL2oKbK');

function signed(actions: NearAction[], nonce = 7n): Uint8Array {
  const tx = createTransaction('alice.test', key.getPublicKey(), 'errand.test', nonce, actions, blockHash);
  return signer.signTransaction(tx)[1].encode();
}

describe('near local chain: transaction decoding', () => {
  it('base58 matches @near-js/utils both ways, leading zeros included', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 80 }), fc.nat(6), (bytes, zeros) => {
        const b = new Uint8Array([...new Uint8Array(zeros), ...bytes]);
        const text = base58Encode(b);
        assert.equal(text, baseEncode(b));
        assert.deepEqual(base58Decode(text), new Uint8Array(baseDecode(text)));
      }),
      { numRuns: 2000 },
    );
    assert.throws(() => base58Decode('0OIl'), RangeError);
  });

  it('reads every supported action as near-api-js encodes it, with the same hash', () => {
    const actions = [
      actionCreators.createAccount(),
      actionCreators.deployContract(new Uint8Array([0, 97, 115, 109, 1])),
      actionCreators.functionCall('request_execution', new TextEncoder().encode('{"a":"é"}'), 300n * 10n ** 12n, 2n ** 100n + 5n),
      actionCreators.transfer(10n ** 24n),
      actionCreators.stake(123n, other),
      actionCreators.addKey(other, actionCreators.fullAccessKey()),
      actionCreators.addKey(other, actionCreators.functionCallAccessKey('errand.test', ['a', 'b'], 5n)),
      actionCreators.addKey(other, actionCreators.functionCallAccessKey('errand.test', [])),
      actionCreators.deleteKey(other),
      actionCreators.deleteAccount('bob.test'),
    ];
    const bytes = signed(actions, 2n ** 60n);
    const info = decodeSignedTx(bytes);
    const ref = decodeSignedTransaction(bytes);
    assert.equal(info.hash, baseEncode(new Uint8Array(createHash('sha256').update(encodeTransaction(ref.transaction)).digest())));
    assert.equal(info.signerId, 'alice.test');
    assert.equal(info.receiverId, 'errand.test');
    assert.equal(info.nonce, 2n ** 60n);
    assert.equal(info.publicKey, key.getPublicKey().toString());
    assert.equal(info.blockHash, baseEncode(blockHash));
    assert.equal(
      info.signature,
      `ed25519:${baseEncode(new Uint8Array((ref.signature as unknown as { ed25519Signature: { data: number[] } }).ed25519Signature.data))}`,
    );
    const o = other.toString();
    assert.deepEqual(info.actions, [
      { type: 'CreateAccount' },
      { type: 'DeployContract', code: new Uint8Array([0, 97, 115, 109, 1]) },
      { type: 'FunctionCall', methodName: 'request_execution', args: new TextEncoder().encode('{"a":"é"}'), gas: 300n * 10n ** 12n, deposit: 2n ** 100n + 5n },
      { type: 'Transfer', deposit: 10n ** 24n },
      { type: 'Stake', stake: 123n, publicKey: o },
      { type: 'AddKey', publicKey: o, accessKey: { nonce: 0n, permission: { kind: 'full' } } },
      {
        type: 'AddKey',
        publicKey: o,
        accessKey: { nonce: 0n, permission: { kind: 'function_call', allowance: 5n, receiverId: 'errand.test', methodNames: ['a', 'b'] } },
      },
      {
        type: 'AddKey',
        publicKey: o,
        accessKey: { nonce: 0n, permission: { kind: 'function_call', allowance: null, receiverId: 'errand.test', methodNames: [] } },
      },
      { type: 'DeleteKey', publicKey: o },
      { type: 'DeleteAccount', beneficiaryId: 'bob.test' },
    ]);
  });

  it('refuses bad signatures, truncated or padded bytes, secp256k1 keys and unsupported actions', () => {
    const json = (f: () => unknown): Record<string, unknown> => {
      try {
        f();
      } catch (e) {
        assert.ok(e instanceof InvalidTxError, String(e));
        return e.json;
      }
      assert.fail('expected an InvalidTxError');
    };
    const good = signed([actionCreators.transfer(1n)]);
    const flipped = good.slice();
    flipped[flipped.length - 1]! ^= 1;
    assert.deepEqual(
      json(() => decodeSignedTx(flipped)),
      { InvalidSignature: null },
    );
    assert.match(String(json(() => decodeSignedTx(good.subarray(0, good.length - 1)))['InvalidTransaction']), /borsh decoding failed/);
    assert.match(String(json(() => decodeSignedTx(new Uint8Array([...good, 0])))['InvalidTransaction']), /borsh decoding failed: 1 trailing bytes/);
    const secp = PublicKey.fromString(`secp256k1:${baseEncode(new Uint8Array(64).fill(3))}`);
    const secpTx = createTransaction('alice.test', secp, 'errand.test', 1n, [actionCreators.transfer(1n)], blockHash);
    assert.deepEqual(
      json(() => decodeSignedTx(signer.signTransaction(secpTx)[1].encode())),
      { InvalidSignature: null, reason: 'only ed25519 keys are supported' },
    );
    const delegate = good.slice();
    const actionAt = good.length - 65 - 17; // action kind byte: before the 16-byte deposit and the signature
    assert.equal(delegate[actionAt], 3);
    delegate[actionAt] = 8;
    assert.deepEqual(
      json(() => decodeSignedTx(delegate)),
      { InvalidTransaction: 'unsupported action signedDelegate on the local chain' },
    );
  });
});
