/**
 * The keystore's release path for a Solana request, against the committed errand.so on the local
 * Solana, wired as `errand keystore` wires it from KEYSTORE_SOLANA_RPC_URL and
 * KEYSTORE_SOLANA_PROGRAM_ID: the owner encrypts to the (solana, owner, repo) scope key and stores
 * the envelope with store_secrets, a request names the secrets, a worker registered on the program
 * (register_worker with its ed25519 worker key) attests and gets them — the keystore reading the
 * request, the secrets entry and the worker from Solana itself. Scopes keep chains apart: an
 * envelope made for the same owner string on NEAR does not open for the Solana request.
 */
import assert from 'node:assert/strict';
import { utils } from '@coral-xyz/anchor';
import { Keypair } from '@solana/web3.js';
import { isErrandError } from '../../common/errors/index.ts';
import { SolanaChainReader } from '../../contracts/solana/client/SolanaChainReader.ts';
import type { LocalSolana } from '../../contracts/solana/local/index.ts';
import { startKeystoreFromCli } from '../../cli/commands/keystore.ts';
import { KeystoreSecretsProvider } from '../../keystore/client/KeystoreSecretsProvider.ts';
import { NearKeyPairSigner } from '../../keystore/client/WorkerSigner.ts';
import { encryptSecrets } from '../../keystore/envelope/encryptSecrets.ts';
import type { KeystoreScope } from '../../keystore/envelope/scope.ts';
import type { RunningKeystore } from '../../keystore/service/startKeystore.ts';
import { funded, LIMITS, startLocal } from '../solana/helpers.ts';
import { MASTER_HEX, MEASUREMENT, TEST_TICKETS, capturedLogger, ticketed } from './fixtures.ts';

const REPO = 'https://example.com/solana-app.git';
const SOURCE = { kind: 'git' as const, repo: REPO, commit: 'b'.repeat(40), target: 'wasm32-wasip1' as const };

describe('keystore against the Errand program on the local Solana', function () {
  this.timeout(120_000);
  let local: LocalSolana;
  let ks: RunningKeystore;
  let program: string;

  before(async () => {
    local = await startLocal();
    program = local.programId.toBase58();
    const env = {
      ERRAND_KEYSTORE_MASTER_SECRET: MASTER_HEX,
      KEYSTORE_MEASUREMENT_ALLOWLIST: MEASUREMENT,
      KEYSTORE_AUDIT_LOG: 'memory',
      KEYSTORE_COORDINATOR_PUBLIC_KEY: TEST_TICKETS.publicKeyHex,
      KEYSTORE_SOLANA_RPC_URL: local.url,
      KEYSTORE_SOLANA_PROGRAM_ID: program,
    };
    await assert.rejects(startKeystoreFromCli(['--port', '0'], { ...env, KEYSTORE_SOLANA_RPC_URL: undefined }, capturedLogger([])), (e) =>
      isErrandError(e, 'COMMON__CONFIG_INVALID'),
    );
    await assert.rejects(startKeystoreFromCli(['--port', '0'], { ...env, KEYSTORE_SOLANA_PROGRAM_ID: 'not-a-key' }, capturedLogger([])), (e) =>
      isErrandError(e, 'COMMON__CONFIG_INVALID'),
    );
    const logs: string[] = [];
    ks = await startKeystoreFromCli(['--port', '0'], env, capturedLogger(logs));
    assert.ok(!logs.some((l) => l.includes('does not answer')), 'the start-up probe found the program');
  });
  after(async () => {
    await ks?.close();
    await local?.stop();
  });

  async function scopeKey(scope: KeystoreScope): Promise<string> {
    const q = new URLSearchParams({ chain: scope.chain, owner: scope.owner, repo: scope.repo });
    return ((await (await fetch(`${ks.url}/v1/pubkey?${q}`)).json()) as { publicKey: string }).publicKey;
  }

  /** A worker authority registered on the program with a fresh ed25519 worker key, and its keystore client. */
  async function registeredWorker() {
    const authority = await funded(local);
    const workerKey = Keypair.generate();
    await local.client(authority).registerWorker(workerKey.publicKey.toBytes(), Buffer.from(MEASUREMENT, 'hex'), 1_000_000_000n);
    const signer = new NearKeyPairSigner(`ed25519:${utils.bytes.bs58.encode(workerKey.secretKey)}`);
    const provider = new KeystoreSecretsProvider({ keystoreUrl: ks.url, workerAccount: authority.publicKey.toBase58(), signer, measurement: MEASUREMENT });
    return { authority, provider: ticketed(provider, signer.publicKey) };
  }

  async function storeFor(owner: Keypair, envelopeScope: KeystoreScope, condition: unknown, profile = 'default'): Promise<void> {
    const envelope = encryptSecrets(await scopeKey(envelopeScope), envelopeScope, profile, { API_KEY: 'solana-secret' });
    await local.client(owner).storeSecrets({
      repo: REPO,
      branch: null,
      profile,
      envelope: Buffer.from(envelope, 'base64'),
      accessCondition: Buffer.from(JSON.stringify(condition)),
    });
  }

  async function requestFrom(requester: Keypair, owner: Keypair, profile = 'default') {
    const sent = await local.client(requester).requestExecution({
      source: SOURCE,
      input: { kind: 'inline', data: Buffer.from('in') },
      limits: LIMITS,
      secretsRef: { owner: owner.publicKey, profile },
    });
    return { sent, view: (await new SolanaChainReader(local.connection()).getRequest(program, sent.requestId.toString()))! };
  }

  it('releases to a registered worker for a whitelisted requester; denies others and closed requests', async () => {
    const owner = await funded(local);
    const requester = await funded(local);
    const stranger = await funded(local);
    await storeFor(
      owner,
      { chain: 'solana', owner: owner.publicKey.toBase58(), repo: REPO, branch: null },
      { type: 'Whitelist', accounts: [requester.publicKey.toBase58()] },
    );
    const worker = await registeredWorker();

    const mine = await requestFrom(requester, owner);
    assert.deepEqual({ ...(await worker.provider.fetchSecrets(mine.view)) }, { API_KEY: 'solana-secret' });

    const theirs = await requestFrom(stranger, owner);
    await assert.rejects(worker.provider.fetchSecrets(theirs.view), (e) => isErrandError(e, 'KEYSTORE__ACCESS_DENIED'));

    // The worker cannot make the keystore read another repo: it reads the request from Solana.
    await assert.rejects(worker.provider.fetchSecrets({ ...theirs.view, senderId: requester.publicKey.toBase58() }), (e) =>
      isErrandError(e, 'KEYSTORE__ACCESS_DENIED'),
    );

    // A program that is not the trusted one is never read.
    await assert.rejects(worker.provider.fetchSecrets({ ...mine.view, contractId: Keypair.generate().publicKey.toBase58() }), (e) =>
      isErrandError(e, 'KEYSTORE__CONTRACT_NOT_TRUSTED'),
    );

    // Resolved: the account is closed, nothing more is released.
    await local.client(worker.authority).resolveExecution(mine.sent.request, requester.publicKey, {
      success: true,
      resourcesUsed: { instructions: 1n, timeMs: 1n, compileTimeMs: 0n },
      output: { kind: 'none' },
      error: '',
    });
    await assert.rejects(worker.provider.fetchSecrets(mine.view), (e) => isErrandError(e, 'KEYSTORE__REQUEST_NOT_FOUND'));
  });

  it('a worker not registered on the program, or unbonding, gets nothing', async () => {
    const owner = await funded(local);
    const requester = await funded(local);
    await storeFor(owner, { chain: 'solana', owner: owner.publicKey.toBase58(), repo: REPO, branch: null }, { type: 'AllowAll' });
    const { view } = await requestFrom(requester, owner);

    const stray = Keypair.generate();
    const signer = new NearKeyPairSigner(`ed25519:${utils.bytes.bs58.encode(stray.secretKey)}`);
    const unregistered = ticketed(
      new KeystoreSecretsProvider({ keystoreUrl: ks.url, workerAccount: stray.publicKey.toBase58(), signer, measurement: MEASUREMENT }),
      signer.publicKey,
    );
    await assert.rejects(unregistered.fetchSecrets(view), (e) => isErrandError(e, 'KEYSTORE__WORKER_NOT_REGISTERED'));

    const leaving = await registeredWorker();
    await local.client(leaving.authority).unregisterWorker();
    await assert.rejects(leaving.provider.fetchSecrets(view), (e) => isErrandError(e, 'KEYSTORE__WORKER_INACTIVE'));
  });

  it('scopes keep chains apart: an envelope made for NEAR does not open for a Solana request', async () => {
    const owner = await funded(local);
    const requester = await funded(local);
    // Same owner string, repo and profile; only the scope's chain differs.
    const nearScope: KeystoreScope = { chain: 'near', owner: owner.publicKey.toBase58(), repo: REPO, branch: null };
    assert.notEqual(await scopeKey(nearScope), await scopeKey({ ...nearScope, chain: 'solana' }));
    await storeFor(owner, nearScope, { type: 'AllowAll' });
    const worker = await registeredWorker();
    const { view } = await requestFrom(requester, owner);
    await assert.rejects(worker.provider.fetchSecrets(view), (e) => isErrandError(e, 'KEYSTORE__DECRYPT_FAILED'));
  });

  it("a condition of NEAR's kinds stored on Solana denies", async () => {
    const owner = await funded(local);
    const requester = await funded(local);
    await storeFor(owner, { chain: 'solana', owner: owner.publicKey.toBase58(), repo: REPO, branch: null }, { type: 'RequireNearBalance', min: '1' });
    const worker = await registeredWorker();
    const { view } = await requestFrom(requester, owner);
    await assert.rejects(worker.provider.fetchSecrets(view), (e) => isErrandError(e, 'KEYSTORE__ACCESS_DENIED') && e.context.reason === 'condition_invalid');
  });
});
