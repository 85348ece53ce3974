/**
 * Integration with the real contract (committed errand.wasm) on the in-process local NEAR chain:
 * the owner encrypts client-side to the keystore's scope key, store_secrets puts the envelope
 * on-chain with an access condition, a request names the secrets, and a registered worker gets
 * them through challenge -> attestation -> decrypt, all read from the chain by the keystore
 * through the real NearChainReader over the local chain's JSON-RPC - the same wiring
 * `errand keystore` sets up from NEAR_RPC_URL and ERRAND_CONTRACT_ID, which is tested too.
 */
import assert from 'node:assert/strict';
import { isErrandError } from '../../common/errors/index.ts';
import { ErrandNearClient, TxSender } from '../../contracts/near/client/index.ts';
import { NearChainReader } from '../../contracts/near/client/NearChainReader.ts';
import { startKeystoreFromCli } from '../../cli/commands/keystore.ts';
import { KeystoreSecretsProvider } from '../../keystore/client/KeystoreSecretsProvider.ts';
import { NearKeyPairSigner } from '../../keystore/client/WorkerSigner.ts';
import { defaultKeystoreSettings } from '../../keystore/config.ts';
import { encryptSecrets } from '../../keystore/envelope/encryptSecrets.ts';
import { startKeystore } from '../../keystore/service/startKeystore.ts';
import { DEPOSIT, MEASUREMENT, NEAR, PRICING, okResponse, requestArgs } from '../near/contract/support/fixtures.ts';
import { ALICE, CONTRACT, STRANGER, WORKER, withChain } from '../near/contract/support/localDriver.ts';
import { MASTER_HEX, TEST_TICKETS, capturedLogger, ticketed } from './fixtures.ts';

const REPO = 'https://example.com/app.git';

describe('keystore against the real contract on the local NEAR chain', function () {
  this.timeout(60_000);

  it('store_secrets on-chain, then a registered worker decrypts them for a pending request', () =>
    withChain({ pricing: PRICING, min_stake: (5n * NEAR).toString(), unbonding_period_blocks: 5 }, async (d) => {
      const reg = await d.call(WORKER, 'register_worker', { public_key: d.publicKeyOf(WORKER), measurement: MEASUREMENT }, 5n * NEAR);
      assert.ok(reg.ok, reg.error ?? '');
      const ks = await startKeystore({
        ...defaultKeystoreSettings({
          masterSecret: { value: MASTER_HEX },
          measurementAllowlist: [MEASUREMENT],
          coordinatorPublicKey: TEST_TICKETS.publicKeyHex,
        }),
        contracts: [{ reader: new NearChainReader(d.near.provider), contractId: CONTRACT }],
        log: capturedLogger([]),
      });
      try {
        const q = new URLSearchParams({ chain: 'near', owner: ALICE, repo: REPO });
        const { publicKey } = (await (await fetch(`${ks.url}/v1/pubkey?${q}`)).json()) as { publicKey: string };
        const encrypted = encryptSecrets(publicKey, { chain: 'near', owner: ALICE, repo: REPO, branch: null }, 'default', { API_KEY: 'on-chain-secret' });
        const stored = await d.call(
          ALICE,
          'store_secrets',
          { repo: REPO, branch: null, profile: 'default', encrypted, access_condition: { type: 'Whitelist', accounts: [ALICE] } },
          NEAR,
        );
        assert.ok(stored.ok, stored.error ?? '');

        const send = (from: string) => {
          const id = (d.view('get_config') as { next_request_id: number }).next_request_id;
          const done = d.call(
            from,
            'request_execution',
            requestArgs({
              source: { kind: 'git', repo: REPO, commit: 'a'.repeat(40), target: 'wasm32-wasip1' },
              secrets_ref: { owner: ALICE, profile: 'default' },
            }),
            DEPOSIT,
          );
          return { id, done };
        };
        const mine = send(ALICE);
        await d.until(() => d.view('get_request', { request_id: mine.id }) !== null);
        const signer = new NearKeyPairSigner(d.near.secretKeyOf(WORKER));
        const worker = ticketed(
          new KeystoreSecretsProvider({ keystoreUrl: ks.url, workerAccount: WORKER, signer, measurement: MEASUREMENT }),
          signer.publicKey,
        );
        const request = (await new NearChainReader(d.near.provider).getRequest(CONTRACT, String(mine.id)))!;
        assert.deepEqual({ ...(await worker.fetchSecrets(request)) }, { API_KEY: 'on-chain-secret' });

        // A stranger's request naming Alice's secrets is denied by the on-chain condition.
        const theirs = send(STRANGER);
        await d.until(() => d.view('get_request', { request_id: theirs.id }) !== null);
        const strangerRequest = (await new NearChainReader(d.near.provider).getRequest(CONTRACT, String(theirs.id)))!;
        await assert.rejects(worker.fetchSecrets(strangerRequest), (e) => isErrandError(e, 'KEYSTORE__ACCESS_DENIED'));

        // Once resolved, the request is no longer pending: nothing more is released.
        const used = { instructions: 1, time_ms: 1, compile_time_ms: 1 };
        for (const r of [mine, theirs]) assert.ok((await d.call(WORKER, 'resolve_execution', { request_id: r.id, response: okResponse(used) })).ok);
        await Promise.all([mine.done, theirs.done]);
        await assert.rejects(worker.fetchSecrets(request), (e) => isErrandError(e, 'KEYSTORE__REQUEST_NOT_PENDING'));
        assert.deepEqual(
          (await ks.audit.records()).map((r) => r.decision),
          ['grant', 'deny', 'deny'],
        );
      } finally {
        await ks.close();
      }
    }));

  it('errand keystore trusts the contract named by ERRAND_CONTRACT_ID over NEAR_RPC_URL', () =>
    withChain({ pricing: PRICING, min_stake: (5n * NEAR).toString(), unbonding_period_blocks: 5 }, async (d) => {
      assert.ok((await d.call(WORKER, 'register_worker', { public_key: d.publicKeyOf(WORKER), measurement: MEASUREMENT }, 5n * NEAR)).ok);
      const env = {
        ERRAND_KEYSTORE_MASTER_SECRET: MASTER_HEX,
        KEYSTORE_MEASUREMENT_ALLOWLIST: MEASUREMENT,
        KEYSTORE_AUDIT_LOG: 'memory',
        NEAR_RPC_URL: d.near.rpcUrl,
        ERRAND_CONTRACT_ID: CONTRACT,
        KEYSTORE_COORDINATOR_PUBLIC_KEY: TEST_TICKETS.publicKeyHex,
      };
      await assert.rejects(startKeystoreFromCli(['--port', '0'], { ...env, NEAR_RPC_URL: undefined }, capturedLogger([])), (e) =>
        isErrandError(e, 'COMMON__CONFIG_INVALID'),
      );
      const logs: string[] = [];
      const ks = await startKeystoreFromCli(['--port', '0'], env, capturedLogger(logs));
      try {
        assert.ok(!logs.some((l) => l.includes('does not answer')), 'the start-up probe reached the contract');
        const q = new URLSearchParams({ chain: 'near', owner: ALICE, repo: REPO });
        const { publicKey } = (await (await fetch(`${ks.url}/v1/pubkey?${q}`)).json()) as { publicKey: string };
        const encrypted = encryptSecrets(publicKey, { chain: 'near', owner: ALICE, repo: REPO, branch: null }, 'default', { TOKEN: 'wired' });
        assert.ok(
          (await d.call(ALICE, 'store_secrets', { repo: REPO, branch: null, profile: 'default', encrypted, access_condition: { type: 'AllowAll' } }, NEAR)).ok,
        );
        const id = (d.view('get_config') as { next_request_id: number }).next_request_id;
        const done = d.call(
          ALICE,
          'request_execution',
          requestArgs({
            source: { kind: 'git', repo: REPO, commit: 'a'.repeat(40), target: 'wasm32-wasip1' },
            secrets_ref: { owner: ALICE, profile: 'default' },
          }),
          DEPOSIT,
        );
        await d.until(() => d.view('get_request', { request_id: id }) !== null);
        const signer = new NearKeyPairSigner(d.near.secretKeyOf(WORKER));
        const worker = ticketed(
          new KeystoreSecretsProvider({ keystoreUrl: ks.url, workerAccount: WORKER, signer, measurement: MEASUREMENT }),
          signer.publicKey,
        );
        const request = (await new NearChainReader(d.near.provider).getRequest(CONTRACT, String(id)))!;
        assert.deepEqual({ ...(await worker.fetchSecrets(request)) }, { TOKEN: 'wired' });
        // A request claiming to come from another contract is never read: that contract is not trusted.
        await assert.rejects(worker.fetchSecrets({ ...request, contractId: 'copycat.test' }), (e) => isErrandError(e, 'KEYSTORE__CONTRACT_NOT_TRUSTED'));
        assert.ok(
          (await d.call(WORKER, 'resolve_execution', { request_id: id, response: okResponse({ instructions: 1, time_ms: 1, compile_time_ms: 1 }) })).ok,
        );
        await done;
      } finally {
        await ks.close();
      }
    }));

  it("the contract records a worker's attestation kind and the keystore requires it: registered tdx, an ed25519 attestation is refused", () =>
    withChain({ pricing: PRICING, min_stake: (5n * NEAR).toString(), unbonding_period_blocks: 5 }, async (d) => {
      // register_worker through the client (it throws CHAIN__TX_FAILED on a contract error).
      await new ErrandNearClient(
        CONTRACT,
        d.near.provider,
        new TxSender({ provider: d.near.provider, accountId: WORKER, secretKey: d.near.secretKeyOf(WORKER) }),
      ).registerWorker(d.publicKeyOf(WORKER), MEASUREMENT, 5n * NEAR, 'tdx');
      const reader = new NearChainReader(d.near.provider);
      assert.equal((await reader.getWorkerByKey(CONTRACT, d.publicKeyOf(WORKER)))!.attestationKind, 'tdx');
      const ks = await startKeystore({
        ...defaultKeystoreSettings({
          masterSecret: { value: MASTER_HEX },
          measurementAllowlist: [MEASUREMENT],
          coordinatorPublicKey: TEST_TICKETS.publicKeyHex,
        }),
        contracts: [{ reader, contractId: CONTRACT }],
        log: capturedLogger([]),
      });
      try {
        const id = (d.view('get_config') as { next_request_id: number }).next_request_id;
        const done = d.call(
          ALICE,
          'request_execution',
          requestArgs({
            source: { kind: 'git', repo: REPO, commit: 'a'.repeat(40), target: 'wasm32-wasip1' },
            secrets_ref: { owner: ALICE, profile: 'default' },
          }),
          DEPOSIT,
        );
        await d.until(() => d.view('get_request', { request_id: id }) !== null);
        const signer = new NearKeyPairSigner(d.near.secretKeyOf(WORKER));
        const worker = ticketed(
          new KeystoreSecretsProvider({ keystoreUrl: ks.url, workerAccount: WORKER, signer, measurement: MEASUREMENT }),
          signer.publicKey,
        );
        const request = (await reader.getRequest(CONTRACT, String(id)))!;
        await assert.rejects(worker.fetchSecrets(request), (e) => isErrandError(e, 'KEYSTORE__ATTESTATION_KIND_MISMATCH'));
        assert.ok(
          (await d.call(WORKER, 'resolve_execution', { request_id: id, response: okResponse({ instructions: 1, time_ms: 1, compile_time_ms: 1 }) })).ok,
        );
        await done;
      } finally {
        await ks.close();
      }
    }));
});
