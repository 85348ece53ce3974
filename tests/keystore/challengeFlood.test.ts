import assert from 'node:assert/strict';
import { isErrandError, type ErrandErrorCode } from '../../common/errors/index.ts';
import { ChallengeGate, ChallengeStore } from '../../keystore/attestation/index.ts';
import { KeystoreSecretsProvider } from '../../keystore/client/KeystoreSecretsProvider.ts';
import { defaultKeystoreSettings } from '../../keystore/config.ts';
import { createTrustedChains } from '../../keystore/service/TrustedChains.ts';
import { startKeystore } from '../../keystore/service/startKeystore.ts';
import { isTransient } from '../../worker/loop/transient.ts';
import { askChallenge, signedAttestation, signedChallengeRequest } from './attestationHelpers.ts';
import { TEST_TICKETS, ticketed, CONTRACT, MASTER_HEX, MEASUREMENT, capturedLogger, pendingRequest, workerKey, world } from './fixtures.ts';

const isCode = (code: ErrandErrorCode) => (e: unknown) => isErrandError(e, code);

describe('keystore attestation challenges: bound to a registered key, limited per key', () => {
  it('10,000 unauthenticated challenges do not stop an honest secrets request', async function () {
    this.timeout(120_000);
    const w = world();
    const ks = await startKeystore({
      // The store is small on purpose: before challenges were bound to keys, 100 anonymous calls filled it.
      ...defaultKeystoreSettings({
        masterSecret: { value: MASTER_HEX },
        measurementAllowlist: [MEASUREMENT],
        maxOutstandingChallenges: 100,
        coordinatorPublicKey: TEST_TICKETS.publicKeyHex,
      }),
      contracts: [{ reader: w.reader, contractId: CONTRACT }],
      log: capturedLogger([]),
    });
    try {
      const statuses = new Map<number, number>();
      for (let batch = 0; batch < 100; batch++) {
        const answers = await Promise.all(
          Array.from({ length: 100 }, () => fetch(`${ks.url}/v1/attest/challenge`, { method: 'POST' }).then(async (r) => (await r.arrayBuffer(), r.status))),
        );
        for (const s of answers) statuses.set(s, (statuses.get(s) ?? 0) + 1);
      }
      assert.deepEqual([...statuses], [[401, 10_000]], 'every anonymous challenge is refused, none stored');
      const provider = ticketed(
        new KeystoreSecretsProvider({ keystoreUrl: ks.url, workerAccount: 'worker1.near', signer: w.worker.signer, measurement: MEASUREMENT }),
        w.worker.publicKey,
      );
      const secrets = await provider.fetchSecrets(pendingRequest());
      assert.equal(secrets.REGION, 'eu');
    } finally {
      await ks.close();
    }
  });

  it('refuses unregistered keys and stale or forged requests; a registered key is limited to its own allowance', async () => {
    const w = world();
    const challenges = new ChallengeStore({ ttlMs: 60_000, maxOutstanding: 1_000, maxPerKey: 3 });
    const gate = new ChallengeGate({ chains: createTrustedChains([{ reader: w.reader, contractId: CONTRACT }]), challenges });
    const stranger = workerKey();
    await assert.rejects(gate.issue(await signedChallengeRequest(stranger.signer)), isCode('KEYSTORE__WORKER_NOT_REGISTERED'));
    await assert.rejects(
      gate.issue(await signedChallengeRequest(w.worker.signer, { issuedAt: Date.now() - 600_000 })),
      isCode('KEYSTORE__ATTESTATION_INVALID'),
    );
    const forged = { ...(await signedChallengeRequest(stranger.signer)), workerPublicKey: w.worker.publicKey };
    await assert.rejects(gate.issue(forged), isCode('KEYSTORE__ATTESTATION_INVALID'));
    await assert.rejects(gate.issue(await signedChallengeRequest(w.worker.signer, { workerAccount: 'mallory.near' })), isCode('KEYSTORE__ATTESTATION_INVALID'));
    for (let i = 0; i < 3; i++) await gate.issue(await signedChallengeRequest(w.worker.signer));
    const limited = await gate.issue(await signedChallengeRequest(w.worker.signer)).catch((e: unknown) => e);
    assert.ok(isErrandError(limited, 'KEYSTORE__CHALLENGE_LIMIT'));
    assert.equal(isTransient(limited, new AbortController().signal), true, 'challenge pressure is retryable for the worker');
    assert.equal(challenges.outstanding, 3);
  });

  it('limits how fast one key is issued challenges, even when it consumes each one', async () => {
    const w = world();
    let now = 1_000_000;
    const challenges = new ChallengeStore({ ttlMs: 60_000, maxOutstanding: 1_000, maxPerKey: 1_000, now: () => now });
    const gate = new ChallengeGate({
      chains: createTrustedChains([{ reader: w.reader, contractId: CONTRACT }]),
      challenges,
      ratePerKeyPerS: 2,
      burst: 4,
      now: () => now,
    });
    const ask = async () => gate.issue(await signedChallengeRequest(w.worker.signer, { issuedAt: now }));
    for (let i = 0; i < 4; i++) challenges.consume((await ask()).nonce, w.worker.publicKey);
    await assert.rejects(ask(), isCode('KEYSTORE__CHALLENGE_LIMIT'));
    now += 500; // one token back at 2/s
    await ask();
    await assert.rejects(ask(), isCode('KEYSTORE__CHALLENGE_LIMIT'));
  });

  it('the worker waits out challenge pressure instead of failing: two lanes share an allowance of one', async () => {
    const w = world();
    const ks = await startKeystore({
      ...defaultKeystoreSettings({
        masterSecret: { value: MASTER_HEX },
        measurementAllowlist: [MEASUREMENT],
        maxChallengesPerKey: 1,
        coordinatorPublicKey: TEST_TICKETS.publicKeyHex,
      }),
      contracts: [{ reader: w.reader, contractId: CONTRACT }],
      log: capturedLogger([]),
    });
    try {
      const provider = ticketed(
        new KeystoreSecretsProvider({ keystoreUrl: ks.url, workerAccount: 'worker1.near', signer: w.worker.signer, measurement: MEASUREMENT }),
        w.worker.publicKey,
      );
      const both = await Promise.all([provider.fetchSecrets(pendingRequest()), provider.fetchSecrets(pendingRequest())]);
      assert.deepEqual(
        both.map((s) => s.REGION),
        ['eu', 'eu'],
      );
    } finally {
      await ks.close();
    }
  });

  it('a nonce issued to one key cannot be used by another', async () => {
    const w = world();
    const other = workerKey();
    w.reader.workers.set(other.publicKey, {
      accountId: 'worker2.near',
      publicKey: other.publicKey,
      measurement: MEASUREMENT,
      attestationKind: 'ed25519',
      stake: '1',
      status: 'active',
    });
    const ks = await startKeystore({
      ...defaultKeystoreSettings({ masterSecret: { value: MASTER_HEX }, measurementAllowlist: [MEASUREMENT] }),
      contracts: [{ reader: w.reader, contractId: CONTRACT }],
      log: capturedLogger([]),
    });
    try {
      const nonce = await askChallenge(ks.url, w.worker.signer);
      const { attestation } = await signedAttestation(other.signer, nonce, { workerAccount: 'worker2.near' });
      const res = await fetch(`${ks.url}/v1/secrets/decrypt`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ attestation }),
      });
      assert.equal(((await res.json()) as { code: string }).code, 'KEYSTORE__NONCE_UNKNOWN');
    } finally {
      await ks.close();
    }
  });
});
