import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { isErrandError, type ErrandErrorCode } from '../../common/errors/index.ts';
import { verifyAuditChain, verifyAuditFile } from '../../keystore/audit/index.ts';
import { KeystoreSecretsProvider } from '../../keystore/client/KeystoreSecretsProvider.ts';
import { defaultKeystoreSettings } from '../../keystore/config.ts';
import { bytesToHex } from '../../keystore/envelope/bytes.ts';
import { startKeystore, type RunningKeystore } from '../../keystore/service/startKeystore.ts';
import { askChallenge, signedAttestation } from './attestationHelpers.ts';
import {
  TEST_TICKETS,
  ticketFor,
  ticketed,
  CONTRACT,
  MASTER_HEX,
  MEASUREMENT,
  REPO,
  SECRET_VALUE,
  capturedLogger,
  pendingRequest,
  scope,
  secretsEntry,
  testKeyring,
  world,
} from './fixtures.ts';

describe('keystore service (real HTTP server on port 0)', () => {
  const logLines: string[] = [];
  let running: RunningKeystore[] = [];
  const start = async (w: ReturnType<typeof world>, over: Partial<Parameters<typeof defaultKeystoreSettings>[0]> = {}) => {
    const ks = await startKeystore({
      ...defaultKeystoreSettings({
        masterSecret: { value: MASTER_HEX },
        measurementAllowlist: [MEASUREMENT],
        coordinatorPublicKey: TEST_TICKETS.publicKeyHex,
        ...over,
      }),
      contracts: [{ reader: w.reader, contractId: CONTRACT }],
      log: capturedLogger(logLines),
    });
    running.push(ks);
    return ks;
  };
  const provider = (ks: RunningKeystore, w: ReturnType<typeof world>, over: Partial<ConstructorParameters<typeof KeystoreSecretsProvider>[0]> = {}) =>
    ticketed(
      new KeystoreSecretsProvider({ keystoreUrl: ks.url, workerAccount: 'worker1.near', signer: w.worker.signer, measurement: MEASUREMENT, ...over }),
      (over.signer ?? w.worker.signer).publicKey,
    );
  const isCode = (code: ErrandErrorCode) => (e: unknown) => isErrandError(e, code);

  afterEach(async () => {
    await Promise.all(running.map((k) => k.close()));
    running = [];
  });

  after(() => {
    // Searched after every test of this file ran: no log line ever carried a plaintext secret.
    assert.ok(logLines.length > 10, 'logs were captured');
    for (const line of logLines) assert.ok(!line.includes(SECRET_VALUE) && !line.includes(MASTER_HEX), `secret in log: ${line}`);
  });

  it('serves /health, /v1/pubkey (the scope key, hex) and /v1/attest/challenge; coded 400/404', async () => {
    const w = world();
    const ks = await start(w);
    assert.deepEqual(await (await fetch(`${ks.url}/health`)).json(), { status: 'ok' });
    const q = new URLSearchParams({ chain: 'near', owner: 'alice.near', repo: REPO, branch: 'main' });
    const pub = (await (await fetch(`${ks.url}/v1/pubkey?${q}`)).json()) as { publicKey: string; algorithm: string };
    assert.equal(pub.publicKey, bytesToHex(testKeyring().publicKey(scope({ branch: 'main' }))));
    assert.equal(pub.algorithm, 'x25519');
    const bad = await fetch(`${ks.url}/v1/pubkey?chain=eth&owner=a&repo=b`);
    assert.equal(bad.status, 400);
    assert.equal(((await bad.json()) as { code: string }).code, 'COMMON__INVALID_ARGUMENT');
    const anonymous = await fetch(`${ks.url}/v1/attest/challenge`, { method: 'POST' });
    assert.equal(anonymous.status, 401, 'a challenge needs a signature by a registered worker key');
    assert.equal(((await anonymous.json()) as { code: string }).code, 'KEYSTORE__ATTESTATION_INVALID');
    assert.match(await askChallenge(ks.url, w.worker.signer), /^[0-9a-f]{64}$/);
    assert.equal((await fetch(`${ks.url}/v1/nope`)).status, 404);
    const badBody = await fetch(`${ks.url}/v1/secrets/decrypt`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"attestation": {"type": "x"}}',
    });
    assert.equal(badBody.status, 401);
    assert.equal(((await badBody.json()) as { code: string }).code, 'KEYSTORE__ATTESTATION_INVALID');
  });

  it('releases secrets to an attested worker, sealed to its one-time key, and audits the grant without plaintext', async () => {
    const w = world({ type: 'Whitelist', accounts: ['bob.near'] });
    const ks = await start(w);
    const secrets = await provider(ks, w).fetchSecrets(pendingRequest());
    assert.deepEqual({ ...secrets }, { API_KEY: SECRET_VALUE, REGION: 'eu' });
    const records = await ks.audit.records();
    assert.equal(records.length, 1);
    assert.equal(records[0]!.decision, 'grant');
    assert.equal(records[0]!.requester, 'bob.near');
    assert.equal(records[0]!.secrets?.keys, 2);
    assert.ok(!JSON.stringify(records).includes(SECRET_VALUE));
    assert.deepEqual(await provider(ks, w).fetchSecrets(pendingRequest({ secretsRef: undefined })), {});
  });

  it('prefers the entry for the requested branch over the repo-wide one', async () => {
    const w = world();
    const branchScope = scope({ branch: 'main' });
    const entry = secretsEntry({ type: 'AllowAll' }, { branch: 'main' }, branchScope);
    w.reader.putSecrets(CONTRACT, entry);
    w.reader.putRequest(pendingRequest({ source: { kind: 'git', repo: REPO, commit: 'main', target: 'wasm32-wasip1' } }));
    const ks = await start(w);
    assert.equal((await provider(ks, w).fetchSecrets(pendingRequest())).API_KEY, SECRET_VALUE);
    assert.equal((await ks.audit.records())[0]!.secrets?.branch, 'main');
  });

  it('denies, with a code and an audit record each: condition false, not pending, unregistered worker, measurement, RPC failures', async () => {
    const w = world({ type: 'Whitelist', accounts: ['someone-else.near'] });
    const ks = await start(w);
    await assert.rejects(
      provider(ks, w).fetchSecrets(pendingRequest()),
      (e) => isErrandError(e, 'KEYSTORE__ACCESS_DENIED') && e.context.reason === 'condition_not_met',
    );

    w.reader.putSecrets(CONTRACT, secretsEntry({ type: 'AllowAll' }));
    w.reader.putRequest(pendingRequest({ status: 'resolved' }));
    await assert.rejects(provider(ks, w).fetchSecrets(pendingRequest()), isCode('KEYSTORE__REQUEST_NOT_PENDING'));
    w.reader.putRequest(pendingRequest());

    // An unregistered key is refused its challenge already: nothing is attested, so nothing is audited.
    const stranger = world().worker;
    await assert.rejects(provider(ks, w, { signer: stranger.signer }).fetchSecrets(pendingRequest()), isCode('KEYSTORE__WORKER_NOT_REGISTERED'));
    await assert.rejects(provider(ks, w, { measurement: 'cd'.repeat(32) }).fetchSecrets(pendingRequest()), isCode('KEYSTORE__MEASUREMENT_NOT_ALLOWED'));

    w.reader.failing.add('getRequest');
    await assert.rejects(provider(ks, w).fetchSecrets(pendingRequest()), isCode('KEYSTORE__CHAIN_READ_FAILED'));
    w.reader.failing.clear();
    w.reader.putSecrets(CONTRACT, secretsEntry({ type: 'RequireNearBalance', min: '1' }));
    w.reader.failing.add('getBalance');
    await assert.rejects(
      provider(ks, w).fetchSecrets(pendingRequest()),
      (e) => isErrandError(e, 'KEYSTORE__ACCESS_DENIED') && e.context.reason === 'chain_read_failed',
    );
    w.reader.failing.clear();
    w.reader.requests.clear();
    await assert.rejects(provider(ks, w).fetchSecrets(pendingRequest()), isCode('KEYSTORE__REQUEST_NOT_FOUND'));

    const records = await ks.audit.records();
    assert.deepEqual(
      records.map((r) => r.code),
      [
        'KEYSTORE__ACCESS_DENIED',
        'KEYSTORE__REQUEST_NOT_PENDING',
        'KEYSTORE__MEASUREMENT_NOT_ALLOWED',
        'KEYSTORE__CHAIN_READ_FAILED',
        'KEYSTORE__ACCESS_DENIED',
        'KEYSTORE__REQUEST_NOT_FOUND',
      ],
    );
    assert.ok(records.every((r) => r.decision === 'deny'));
    verifyAuditChain(records);
  });

  it('an envelope for repo A stored as the entry of repo B is not opened', async () => {
    const w = world();
    const repoB = 'https://github.com/alice/b.git';
    // Mallory copies repo A's ciphertext into an entry for repo B (which her request runs).
    const copied = secretsEntry({ type: 'AllowAll' }, { repo: repoB });
    w.reader.putSecrets(CONTRACT, { ...copied, encrypted: secretsEntry({ type: 'AllowAll' }).encrypted });
    w.reader.putRequest(pendingRequest({ source: { kind: 'git', repo: repoB, commit: 'c'.repeat(40), target: 'wasm32-wasip1' } }));
    const ks = await start(w);
    await assert.rejects(provider(ks, w).fetchSecrets(pendingRequest()), isCode('KEYSTORE__DECRYPT_FAILED'));
  });

  it('a replayed nonce is refused over HTTP', async () => {
    const w = world();
    const ks = await start(w);
    const nonce = await askChallenge(ks.url, w.worker.signer);
    const { attestation } = await signedAttestation(w.worker.signer, nonce);
    const ticket = ticketFor(w.worker.publicKey, attestation.requestRef);
    const post = () =>
      fetch(`${ks.url}/v1/secrets/decrypt`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ attestation, ticket }) });
    const first = await post();
    assert.equal(first.status, 200);
    assert.ok(typeof ((await first.json()) as { sealed: string }).sealed === 'string');
    const replay = await post();
    assert.equal(replay.status, 401);
    assert.equal(((await replay.json()) as { code: string }).code, 'KEYSTORE__NONCE_REPLAYED');
  });

  it('type none only with the insecure dev flag, which is announced loudly at start-up', async () => {
    const w = world();
    const strict = await start(w);
    await assert.rejects(provider(strict, w, { attestationType: 'none' }).fetchSecrets(pendingRequest()), isCode('KEYSTORE__INSECURE_ATTESTATION_DISABLED'));
    const before = logLines.length;
    const dev = await start(w, { insecureDevAttestation: true });
    assert.ok(logLines.slice(before).some((l) => l.includes('INSECURE DEV ATTESTATION') && l.includes('"level":40')));
    const secrets = await provider(dev, w, { attestationType: 'none', workerAccount: 'laptop.near' }).fetchSecrets(pendingRequest());
    assert.equal(secrets.REGION, 'eu');
  });

  it('refuses to listen on a non-internal address; a file audit log verifies after use', async () => {
    await assert.rejects(
      startKeystore({ ...defaultKeystoreSettings({ masterSecret: { value: MASTER_HEX }, host: '8.8.8.8' }), contracts: [], log: capturedLogger(logLines) }),
      isCode('COMMON__CONFIG_INVALID'),
    );
    await assert.rejects(
      startKeystore({ ...defaultKeystoreSettings({ masterSecret: { value: 'abcd' } }), contracts: [], log: capturedLogger(logLines) }),
      isCode('KEYSTORE__MASTER_SECRET_INVALID'),
    );
    const dir = mkdtempSync(path.join(tmpdir(), 'errand-ks-'));
    try {
      const w = world();
      const file = path.join(dir, 'sub', 'audit.jsonl');
      const ks = await start(w, { auditLog: file });
      await provider(ks, w).fetchSecrets(pendingRequest());
      await assert.rejects(provider(ks, w, { measurement: 'cd'.repeat(32) }).fetchSecrets(pendingRequest()));
      await ks.close();
      assert.equal((await verifyAuditFile(file))?.seq, 2);
      assert.ok(!readFileSync(file, 'utf8').includes(SECRET_VALUE));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
