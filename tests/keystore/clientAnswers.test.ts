/**
 * The keystore's clients parse every answer with keystore/api's schemas (issue 13): on a scripted
 * keystore, a challenge without a proper nonce or a decrypt answer without `sealed` is
 * KEYSTORE__BAD_RESPONSE before anything is signed or opened, and an error code the registry does
 * not know is COMMON__REMOTE_ERROR carrying the raw code.
 */
import assert from 'node:assert/strict';
import { KeyPair } from 'near-api-js';
import { isErrandError } from '../../common/errors/index.ts';
import type { ExecutionRequest } from '../../common/types/index.ts';
import { challengeAnswer, scopePublicKeyAnswer } from '../../keystore/api/index.ts';
import { KeystoreSecretsProvider, NearKeyPairSigner, requestJson } from '../../keystore/client/index.ts';
import { sendJson, startScriptedServer, type Script, type ScriptedServer } from '../common/helpers/scriptedServer.ts';
import { rejection } from '../common/helpers/rejections.ts';

const REQUEST: ExecutionRequest = {
  chain: 'near',
  contractId: 'errand.test',
  requestId: '1',
  senderId: 'alice.test',
  payerId: 'alice.test',
  source: { kind: 'git', repo: 'https://example.com/r', commit: 'main', target: 'wasm32-wasip1' },
  input: '',
  secretsRef: { owner: 'alice.test', profile: 'default' },
  limits: { maxInstructions: 1, maxMemoryMb: 1, maxExecutionMs: 1, maxCompileMs: 1 },
  responseFormat: 'text',
  deposit: '1',
  blockHeight: 1,
};

describe('keystore client answers', () => {
  let server: ScriptedServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  async function providerFor(script: Script): Promise<KeystoreSecretsProvider> {
    server = await startScriptedServer(script);
    const signer = new NearKeyPairSigner(KeyPair.fromRandom('ed25519').toString());
    return new KeystoreSecretsProvider({ keystoreUrl: server.url, workerAccount: 'w.test', signer, measurement: 'ab'.repeat(32), timeoutMs: 5_000 });
  }

  it('a challenge whose nonce is not 32 bytes of hex is KEYSTORE__BAD_RESPONSE, and nothing is sent after it', async () => {
    const provider = await providerFor((_q, res) => sendJson(res, 200, { nonce: 'not-hex', expiresAt: new Date().toISOString(), ttlMs: 1 }));
    const e = await rejection(provider.fetchSecrets(REQUEST));
    assert.ok(isErrandError(e, 'KEYSTORE__BAD_RESPONSE'), String(e));
    assert.match(e.context.reason, /nonce/);
    assert.deepEqual(
      server!.requests.map((r) => r.url),
      ['/v1/attest/challenge'],
    );
  });

  it('a decrypt answer without `sealed` is KEYSTORE__BAD_RESPONSE', async () => {
    const provider = await providerFor((q, res) =>
      q.url === '/v1/attest/challenge'
        ? sendJson(res, 200, { nonce: 'cd'.repeat(32), expiresAt: new Date().toISOString(), ttlMs: 1000 })
        : sendJson(res, 200, { secrets: { A: 'b' } }),
    );
    assert.ok(isErrandError(await rejection(provider.fetchSecrets(REQUEST)), 'KEYSTORE__BAD_RESPONSE'));
    assert.equal(server!.requests.length, 2);
  });

  it('a known code comes back as itself, an unknown one as COMMON__REMOTE_ERROR', async () => {
    server = await startScriptedServer((q, res) =>
      q.url?.startsWith('/v1/pubkey')
        ? sendJson(res, 403, { error: 'denied', code: 'KEYSTORE__ACCESS_DENIED', details: { reason: 'condition' } })
        : sendJson(res, 451, { error: 'later', code: 'KEYSTORE__SOMETHING_NEW', details: {} }),
    );
    const signal = AbortSignal.timeout(5_000);
    const denied = await rejection(requestJson(`${server.url}/v1/pubkey?chain=near`, { method: 'GET', signal }, scopePublicKeyAnswer));
    assert.ok(isErrandError(denied, 'KEYSTORE__ACCESS_DENIED'));
    const unknown = await rejection(requestJson(`${server.url}/v1/attest/challenge`, { method: 'POST', body: {}, signal }, challengeAnswer));
    assert.ok(isErrandError(unknown, 'COMMON__REMOTE_ERROR'));
    assert.deepEqual(unknown.context, { service: 'keystore', status: 451, remoteCode: 'KEYSTORE__SOMETHING_NEW', remoteMessage: 'later' });
  });

  it('a public key answer of another shape is KEYSTORE__BAD_RESPONSE', async () => {
    server = await startScriptedServer((_q, res) => sendJson(res, 200, { publicKey: 'ab'.repeat(32) }));
    const e = await rejection(requestJson(`${server.url}/v1/pubkey`, { method: 'GET', signal: AbortSignal.timeout(5_000) }, scopePublicKeyAnswer));
    assert.ok(isErrandError(e, 'KEYSTORE__BAD_RESPONSE'));
  });
});
