import assert from 'node:assert/strict';
import fc from 'fast-check';
import { isErrandError } from '../../common/errors/index.ts';
import { bytesToBase64, tryBase64ToBytes } from '../../keystore/envelope/bytes.ts';
import { encryptSecrets, parseScopePublicKey } from '../../keystore/envelope/encryptSecrets.ts';
import { parseEnvelope, MAX_PLAINTEXT_BYTES } from '../../keystore/envelope/envelope.ts';
import { openSealedSecrets, sealSecretsForWorker } from '../../keystore/envelope/sealedSecrets.ts';
import { x25519 } from '@noble/curves/ed25519.js';
import { createScopeKeyring } from '../../keystore/crypto/ScopeKeyring.ts';
import { decodeMasterSecret, loadMasterSecret } from '../../keystore/crypto/masterSecret.ts';
import { scope, testKeyring } from './fixtures.ts';

const SECRETS = { API_KEY: 'v1', DB_URL: 'postgres://u:p@h/db' };

function flip(envelope: string, index: number): string {
  const bytes = tryBase64ToBytes(envelope, 1 << 20)!;
  bytes[index] = (bytes[index] as number) ^ 0x01;
  return bytesToBase64(bytes);
}

describe('keystore envelope', () => {
  const keyring = testKeyring();

  it('round-trips secrets for the same scope and profile', () => {
    const env = encryptSecrets(keyring.publicKey(scope()), scope(), 'default', SECRETS);
    assert.deepEqual({ ...keyring.openSecrets(parseEnvelope(env), scope(), 'default') }, SECRETS);
    assert.equal(tryBase64ToBytes(env, 1 << 20)![0], 1, 'version byte');
  });

  it('derives a different, deterministic key per scope; a different master gives different keys', () => {
    const a = Buffer.from(keyring.publicKey(scope())).toString('hex');
    assert.equal(Buffer.from(testKeyring().publicKey(scope())).toString('hex'), a);
    for (const other of [
      scope({ repo: 'https://github.com/alice/other.git' }),
      scope({ branch: 'main' }),
      scope({ owner: 'carol.near' }),
      scope({ chain: 'solana' }),
    ]) {
      assert.notEqual(Buffer.from(keyring.publicKey(other)).toString('hex'), a);
    }
    const other = createScopeKeyring(Buffer.alloc(32, 7).map((b, i) => b + i));
    assert.notEqual(Buffer.from(other.publicKey(scope())).toString('hex'), a);
  });

  it('refuses a tampered byte anywhere (version -> ENVELOPE_INVALID, otherwise DECRYPT_FAILED)', () => {
    const env = encryptSecrets(keyring.publicKey(scope()), scope(), 'default', SECRETS);
    const length = tryBase64ToBytes(env, 1 << 20)!.length;
    assert.throws(
      () => parseEnvelope(flip(env, 0)),
      (e) => isErrandError(e, 'KEYSTORE__ENVELOPE_INVALID'),
    );
    for (const index of [1, 20, 33, 40, 57, 60, length - 17, length - 1]) {
      assert.throws(
        () => keyring.openSecrets(parseEnvelope(flip(env, index)), scope(), 'default'),
        (e) => isErrandError(e, 'KEYSTORE__DECRYPT_FAILED'),
        `byte ${index}`,
      );
    }
  });

  it('an envelope made for repo A cannot be opened for repo B (nor another branch, owner or profile)', () => {
    const env = parseEnvelope(encryptSecrets(keyring.publicKey(scope()), scope(), 'default', SECRETS));
    const repoB = scope({ repo: 'https://github.com/alice/b.git' });
    assert.throws(
      () => keyring.openSecrets(env, repoB, 'default'),
      (e) => isErrandError(e, 'KEYSTORE__DECRYPT_FAILED'),
    );
    assert.throws(
      () => keyring.openSecrets(env, scope({ branch: 'main' }), 'default'),
      (e) => isErrandError(e, 'KEYSTORE__DECRYPT_FAILED'),
    );
    assert.throws(
      () => keyring.openSecrets(env, scope({ owner: 'mallory.near' }), 'default'),
      (e) => isErrandError(e, 'KEYSTORE__DECRYPT_FAILED'),
    );
    assert.throws(
      () => keyring.openSecrets(env, scope(), 'prod'),
      (e) => isErrandError(e, 'KEYSTORE__DECRYPT_FAILED'),
    );
    // Even encrypted to repo B's key, the associated data still says repo A.
    const crossKey = parseEnvelope(encryptSecrets(keyring.publicKey(repoB), scope(), 'default', SECRETS));
    assert.throws(
      () => keyring.openSecrets(crossKey, repoB, 'default'),
      (e) => isErrandError(e, 'KEYSTORE__DECRYPT_FAILED'),
    );
  });

  it('validates public keys, secret names and sizes before encrypting', () => {
    const pk = keyring.publicKey(scope());
    for (const bad of ['', 'zz'.repeat(32), 'ab'.repeat(31), 'ab'.repeat(33)]) {
      assert.throws(
        () => parseScopePublicKey(bad),
        (e) => isErrandError(e, 'COMMON__INVALID_ARGUMENT'),
      );
    }
    assert.throws(
      () => encryptSecrets(new Uint8Array(32), scope(), 'default', SECRETS),
      (e) => isErrandError(e, 'COMMON__INVALID_ARGUMENT'),
    );
    for (const bad of [{ '1ABC': 'x' }, { 'A-B': 'x' }, { 'A B': 'x' }, { '': 'x' }, { OK: 5 }] as unknown as Array<Record<string, string>>) {
      assert.throws(
        () => encryptSecrets(pk, scope(), 'default', bad),
        (e) => isErrandError(e, 'KEYSTORE__SECRETS_INVALID'),
      );
    }
    assert.throws(
      () => encryptSecrets(pk, scope(), 'default', { BIG: 'x'.repeat(MAX_PLAINTEXT_BYTES) }),
      (e) => isErrandError(e, 'KEYSTORE__SECRETS_INVALID'),
    );
    assert.throws(
      () => encryptSecrets(pk, scope(), 'bad profile', SECRETS),
      (e) => isErrandError(e, 'KEYSTORE__SCOPE_INVALID'),
    );
    assert.throws(
      () => encryptSecrets(pk, scope({ repo: 'has space' }), 'default', SECRETS),
      (e) => isErrandError(e, 'KEYSTORE__SCOPE_INVALID'),
    );
  });

  it('seals to a one-time key bound to the request and nonce', () => {
    const oneTime = x25519.keygen();
    const ref = { chain: 'near' as const, contractId: 'c.near', requestId: '1' };
    const sealed = sealSecretsForWorker(oneTime.publicKey, ref, 'aa'.repeat(32), SECRETS);
    assert.deepEqual({ ...openSealedSecrets(sealed, oneTime.secretKey, oneTime.publicKey, ref, 'aa'.repeat(32)) }, SECRETS);
    assert.throws(
      () => openSealedSecrets(sealed, oneTime.secretKey, oneTime.publicKey, { ...ref, requestId: '2' }, 'aa'.repeat(32)),
      (e) => isErrandError(e, 'KEYSTORE__DECRYPT_FAILED'),
    );
    assert.throws(
      () => openSealedSecrets(sealed, oneTime.secretKey, oneTime.publicKey, ref, 'bb'.repeat(32)),
      (e) => isErrandError(e, 'KEYSTORE__DECRYPT_FAILED'),
    );
  });

  it('loads a master secret as hex or base64, >= 32 bytes, without echoing it', () => {
    const secret = 'c0ffee'.repeat(11);
    assert.equal(decodeMasterSecret(secret).length, 33);
    assert.equal(decodeMasterSecret(Buffer.from(secret, 'hex').toString('base64')).length, 33);
    for (const bad of ['abcd', '00'.repeat(32), 'not base64 !!', '']) {
      assert.throws(
        () => decodeMasterSecret(bad),
        (e) => isErrandError(e, 'KEYSTORE__MASTER_SECRET_INVALID') && (bad.length < 4 || !e.message.includes(bad)),
      );
    }
    assert.throws(
      () => loadMasterSecret({}),
      (e) => isErrandError(e, 'KEYSTORE__MASTER_SECRET_INVALID'),
    );
    assert.throws(
      () => loadMasterSecret({ file: '/nonexistent/master' }),
      (e) => isErrandError(e, 'KEYSTORE__MASTER_SECRET_INVALID'),
    );
  });

  describe('fuzz (fast-check): parsers only ever throw coded errors', () => {
    const coded = (fn: () => unknown): void => {
      try {
        fn();
      } catch (e) {
        assert.ok(isErrandError(e), `uncoded exception: ${String(e)}`);
      }
    };

    it('parseEnvelope + openSecrets on arbitrary strings and values', () => {
      fc.assert(
        fc.property(fc.oneof(fc.string(), fc.base64String(), fc.anything()), (input) => {
          coded(() => keyring.openSecrets(parseEnvelope(input), scope(), 'default'));
        }),
        { numRuns: 500 },
      );
    });

    it('parseEnvelope + openSecrets on arbitrary bytes with a valid version byte', () => {
      fc.assert(
        fc.property(fc.uint8Array({ minLength: 0, maxLength: 200 }), (bytes) => {
          const withVersion = bytes.length > 0 ? Uint8Array.of(1, ...bytes.subarray(1)) : bytes;
          coded(() => keyring.openSecrets(parseEnvelope(bytesToBase64(withVersion)), scope(), 'default'));
        }),
        { numRuns: 300 },
      );
    });

    it('a valid envelope with random mutations never opens and never throws uncoded', () => {
      const env = tryBase64ToBytes(encryptSecrets(keyring.publicKey(scope()), scope(), 'default', SECRETS), 1 << 20)!;
      fc.assert(
        fc.property(fc.array(fc.tuple(fc.nat(env.length - 1), fc.integer({ min: 1, max: 255 })), { minLength: 1, maxLength: 4 }), (edits) => {
          const copy = env.slice();
          for (const [i, x] of edits) copy[i] = (copy[i] as number) ^ x;
          assert.throws(
            () => keyring.openSecrets(parseEnvelope(bytesToBase64(copy)), scope(), 'default'),
            (e) => isErrandError(e),
          );
        }),
        { numRuns: 80 },
      );
    });
  });
});
