import assert from 'node:assert/strict';
import fc from 'fast-check';
import { isErrandError, type ErrandErrorCode } from '../../common/errors/index.ts';
import {
  ChallengeStore,
  DisabledNoneVerifier,
  Ed25519Verifier,
  InsecureNoneVerifier,
  parseAttestation,
  verifyAttestation,
  type AttestationType,
  type AttestationVerifier,
} from '../../keystore/attestation/index.ts';
import { createTrustedChains } from '../../keystore/service/TrustedChains.ts';
import { DEFAULT_TEE_SETTINGS, createTeeVerifiers } from '../../keystore/attestation/createTeeVerifiers.ts';
import { signedAttestation } from './attestationHelpers.ts';
import { CONTRACT, MEASUREMENT, world } from './fixtures.ts';

function setup(options: { insecure?: boolean; allow?: string[] } = {}) {
  const { reader, worker } = world();
  const chains = createTrustedChains([{ reader, contractId: CONTRACT }]);
  const tee = createTeeVerifiers(chains, DEFAULT_TEE_SETTINGS, {
    collateral: { collateralFor: () => Promise.reject(new Error('no collateral in this test')) },
  });
  const verifiers = new Map<AttestationType, AttestationVerifier>([
    ['ed25519', new Ed25519Verifier({ chains, measurementAllowlist: new Set(options.allow ?? [MEASUREMENT]) })],
    ['tdx', tee.tdx],
    ['sev-snp', tee.snp],
    ['none', options.insecure ? new InsecureNoneVerifier() : new DisabledNoneVerifier()],
  ]);
  const challenges = new ChallengeStore({ ttlMs: 60_000, maxOutstanding: 100 });
  const verify = (a: unknown) => verifyAttestation(a, challenges, verifiers);
  return { reader, worker, challenges, verify };
}

const isCode = (code: ErrandErrorCode) => (e: unknown) => isErrandError(e, code);

describe('keystore attestation', () => {
  it('accepts a registered, active, staked worker with an allowed measurement', async () => {
    const { worker, challenges, verify } = setup();
    const { attestation } = await signedAttestation(worker.signer, challenges.issue(worker.publicKey).nonce);
    const { worker: verified } = await verify(attestation);
    assert.deepEqual(verified, { accountId: 'worker1.near', publicKey: worker.publicKey, measurement: MEASUREMENT, type: 'ed25519' });
  });

  it('refuses a replayed nonce, an unknown nonce and an expired nonce', async () => {
    const { worker, challenges, verify } = setup();
    const nonce = challenges.issue(worker.publicKey).nonce;
    await verify((await signedAttestation(worker.signer, nonce)).attestation);
    await assert.rejects(verify((await signedAttestation(worker.signer, nonce)).attestation), isCode('KEYSTORE__NONCE_REPLAYED'));
    await assert.rejects(verify((await signedAttestation(worker.signer, 'ab'.repeat(32))).attestation), isCode('KEYSTORE__NONCE_UNKNOWN'));

    let now = 1_000;
    const clocked = new ChallengeStore({ ttlMs: 100, maxOutstanding: 2, now: () => now });
    const old = clocked.issue('k').nonce;
    clocked.issue('k');
    assert.throws(() => clocked.issue('k'), isCode('KEYSTORE__CHALLENGE_LIMIT'));
    now += 101;
    assert.throws(
      () => clocked.consume(old, 'k'),
      (e) => isErrandError(e, 'KEYSTORE__NONCE_UNKNOWN'),
    );
    assert.equal(clocked.outstanding, 0, 'expired challenges are swept');
    clocked.issue('k');
  });

  it('a nonce is consumed even by a failed attempt', async () => {
    const { worker, challenges, verify } = setup();
    const nonce = challenges.issue(worker.publicKey).nonce;
    const { attestation } = await signedAttestation(worker.signer, nonce);
    await assert.rejects(verify({ ...attestation, signature: '00'.repeat(64) }), isCode('KEYSTORE__ATTESTATION_INVALID'));
    await assert.rejects(verify(attestation), isCode('KEYSTORE__NONCE_REPLAYED'));
  });

  it('refuses an unregistered worker', async () => {
    const { worker, challenges, verify, reader } = setup();
    reader.workers.clear();
    await assert.rejects(
      verify((await signedAttestation(worker.signer, challenges.issue(worker.publicKey).nonce)).attestation),
      isCode('KEYSTORE__WORKER_NOT_REGISTERED'),
    );
  });

  it('refuses a measurement not on the allowlist, or differing from the registered one', async () => {
    const { worker, challenges, verify } = setup({ allow: ['cd'.repeat(32)] });
    await assert.rejects(
      verify((await signedAttestation(worker.signer, challenges.issue(worker.publicKey).nonce)).attestation),
      isCode('KEYSTORE__MEASUREMENT_NOT_ALLOWED'),
    );
    const s2 = setup({ allow: [MEASUREMENT, 'cd'.repeat(32)] });
    const claimed = await signedAttestation(s2.worker.signer, s2.challenges.issue(s2.worker.publicKey).nonce, { measurement: 'cd'.repeat(32) });
    await assert.rejects(s2.verify(claimed.attestation), isCode('KEYSTORE__MEASUREMENT_NOT_ALLOWED'));
  });

  it('refuses an inactive or unstaked worker, a key of another account, a bad signature', async () => {
    const { worker, challenges, verify, reader } = setup();
    const view = reader.workers.get(worker.publicKey)!;
    reader.workers.set(worker.publicKey, { ...view, status: 'unbonding' });
    await assert.rejects(
      verify((await signedAttestation(worker.signer, challenges.issue(worker.publicKey).nonce)).attestation),
      isCode('KEYSTORE__WORKER_INACTIVE'),
    );
    reader.workers.set(worker.publicKey, { ...view, stake: '0' });
    await assert.rejects(
      verify((await signedAttestation(worker.signer, challenges.issue(worker.publicKey).nonce)).attestation),
      isCode('KEYSTORE__WORKER_INACTIVE'),
    );
    reader.workers.set(worker.publicKey, view);
    const other = await signedAttestation(worker.signer, challenges.issue(worker.publicKey).nonce, { workerAccount: 'mallory.near' });
    await assert.rejects(verify(other.attestation), isCode('KEYSTORE__ATTESTATION_INVALID'));
    const signed = await signedAttestation(worker.signer, challenges.issue(worker.publicKey).nonce);
    const tampered = { ...signed.attestation, requestRef: { ...signed.attestation.requestRef, requestId: '8' } };
    await assert.rejects(verify(tampered), isCode('KEYSTORE__ATTESTATION_INVALID'));
  });

  it('a failed registry read denies (coded), an untrusted contract is refused', async () => {
    const { worker, challenges, verify, reader } = setup();
    reader.failing.add('getWorkerByKey');
    await assert.rejects(
      verify((await signedAttestation(worker.signer, challenges.issue(worker.publicKey).nonce)).attestation),
      isCode('KEYSTORE__CHAIN_READ_FAILED'),
    );
    reader.failing.clear();
    const foreign = await signedAttestation(worker.signer, challenges.issue(worker.publicKey).nonce, {
      requestRef: { chain: 'near', contractId: 'evil.near', requestId: '7' },
    });
    await assert.rejects(verify(foreign.attestation), isCode('KEYSTORE__CONTRACT_NOT_TRUSTED'));
  });

  it('tdx and sev-snp refuse a missing or unreadable quote; none is refused unless the insecure dev flag is on', async () => {
    const { worker, challenges, verify } = setup();
    for (const type of ['tdx', 'sev-snp'] as const) {
      const { attestation } = await signedAttestation(worker.signer, challenges.issue(worker.publicKey).nonce, { type });
      await assert.rejects(
        verify({ ...attestation, quote: 'AAAA' }),
        (e) => isErrandError(e, 'KEYSTORE__QUOTE_REFUSED') && e.context.reason.startsWith('QUOTE_'),
      );
      const bare = await signedAttestation(worker.signer, challenges.issue(worker.publicKey).nonce, { type });
      await assert.rejects(verify(bare.attestation), isCode('KEYSTORE__ATTESTATION_INVALID'));
    }
    const none = await signedAttestation(worker.signer, challenges.issue(worker.publicKey).nonce, { type: 'none' });
    await assert.rejects(verify(none.attestation), isCode('KEYSTORE__INSECURE_ATTESTATION_DISABLED'));
    const dev = setup({ insecure: true });
    const ok = await signedAttestation(dev.worker.signer, dev.challenges.issue(dev.worker.publicKey).nonce, { type: 'none', workerAccount: 'anyone.near' });
    assert.equal((await dev.verify(ok.attestation)).worker.type, 'none');
  });

  it('fuzz (fast-check): the attestation parser and pipeline only throw coded errors', async () => {
    const { worker, challenges, verify } = setup();
    const { attestation } = await signedAttestation(worker.signer, challenges.issue(worker.publicKey).nonce);
    const keys = Object.keys(attestation);
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.anything(),
          fc.record({ field: fc.constantFrom(...keys), value: fc.anything() }).map(({ field, value }) => ({ ...attestation, [field]: value })),
          fc.dictionary(
            fc.constantFrom(...keys, 'extra'),
            fc.oneof(fc.string(), fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: 64, maxLength: 64 })),
          ),
        ),
        async (input) => {
          try {
            parseAttestation(input);
          } catch (e) {
            assert.ok(isErrandError(e, 'KEYSTORE__ATTESTATION_INVALID'), `uncoded: ${String(e)}`);
          }
          try {
            await verify(input);
          } catch (e) {
            assert.ok(isErrandError(e), `uncoded: ${String(e)}`);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
