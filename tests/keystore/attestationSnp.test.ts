/**
 * End to end with a synthetic AMD PKI: an SEV-SNP worker (reports and its VCEK from a fake
 * configfs-tsm `sev_guest`) gets secrets from a real keystore; a debug-enabled guest policy, a
 * measurement not on the allowlist and a report bound to other claims are refused.
 */
import assert from 'node:assert/strict';
import { isErrandError, type ErrandErrorCode } from '../../common/errors/index.ts';
import type { WorkerAttestationKind } from '../../common/ports/index.ts';
import { DEFAULT_TEE_SETTINGS, type TeeSettings } from '../../keystore/attestation/createTeeVerifiers.ts';
import { teeMeasurementDigest } from '../../keystore/attestation/teeBinding.ts';
import { KeystoreSecretsProvider } from '../../keystore/client/KeystoreSecretsProvider.ts';
import type { QuoteProvider } from '../../keystore/client/QuoteProvider.ts';
import { defaultKeystoreSettings } from '../../keystore/config.ts';
import { startKeystore, type RunningKeystore } from '../../keystore/service/startKeystore.ts';
import { ConfigfsTsmQuoteProvider } from '../../worker/quote/ConfigfsTsmQuoteProvider.ts';
import { registeredAttestationKind } from '../../worker/quote/registeredAttestationKind.ts';
import { FakeConfigfs } from './attestationPki/fakeConfigfs.ts';
import { SNP_POLICY, SNP_POLICY_DEBUG, SyntheticSnpGuest, type SnpSpec } from './attestationPki/syntheticAmdPki.ts';
import { MASTER_HEX, SECRET_VALUE, TEST_TICKETS, pendingRequest, ticketed, world } from './fixtures.ts';

describe('keystore: SEV-SNP workers end to end (synthetic AMD PKI, fake configfs-tsm)', () => {
  const guest = new SyntheticSnpGuest();
  const measurement = '5e'.repeat(48);
  let fs: FakeConfigfs<SnpSpec>;
  let keystores: RunningKeystore[] = [];

  beforeEach(() => (fs = new FakeConfigfs<SnpSpec>(guest)));
  afterEach(async () => {
    await Promise.all(keystores.map((k) => k.close()));
    keystores = [];
    fs.cleanup();
  });

  async function client(
    tee: Partial<TeeSettings> = {},
    registered = teeMeasurementDigest(measurement),
    quoteProvider?: QuoteProvider,
    kind?: WorkerAttestationKind,
  ) {
    const w = world();
    // Registered with the kind the worker side derives from its own quote source (sev-snp here).
    const attestationKind = kind ?? (await registeredAttestationKind(new ConfigfsTsmQuoteProvider(fs.root, fs)));
    w.reader.workers.set(w.worker.publicKey, {
      accountId: 'worker1.near',
      publicKey: w.worker.publicKey,
      measurement: registered,
      attestationKind,
      stake: '1000',
      status: 'active',
    });
    const ks = await startKeystore({
      ...defaultKeystoreSettings({
        masterSecret: { value: MASTER_HEX },
        coordinatorPublicKey: TEST_TICKETS.publicKeyHex,
        tee: { ...DEFAULT_TEE_SETTINGS, measurementAllowlist: [measurement], ...tee },
      }),
      contracts: [{ reader: w.reader, contractId: pendingRequest().contractId }],
      teeTestHooks: { amdRoots: guest.roots },
    });
    keystores.push(ks);
    const provider = new KeystoreSecretsProvider({
      keystoreUrl: ks.url,
      workerAccount: 'worker1.near',
      signer: w.worker.signer,
      measurement: 'ab'.repeat(32),
      quoteProvider: quoteProvider ?? new ConfigfsTsmQuoteProvider(fs.root, fs),
    });
    return ticketed(provider, w.worker.publicKey);
  }

  const refused = (code: ErrandErrorCode, reason?: string) => (e: unknown) => {
    assert.ok(isErrandError(e, code), `expected ${code}, got ${String(e)}`);
    if (reason) assert.equal((e.context as { reason?: string }).reason, reason);
    return true;
  };

  it('an SEV-SNP worker on the allowlist gets its secrets (report and VCEK from configfs-tsm)', async () => {
    assert.equal((await (await client()).fetchSecrets(pendingRequest())).API_KEY, SECRET_VALUE);
  });

  it('a guest whose policy allows debugging is refused, unless the operator allows debug guests', async () => {
    fs.spec = { policy: SNP_POLICY | SNP_POLICY_DEBUG };
    await assert.rejects((await client()).fetchSecrets(pendingRequest()), refused('KEYSTORE__QUOTE_REFUSED', 'SNP_DEBUG'));
    assert.equal((await (await client({ allowDebugGuests: true })).fetchSecrets(pendingRequest())).API_KEY, SECRET_VALUE);
  });

  it('a measurement not on the allowlist is refused', async () => {
    fs.spec = { measurement: Buffer.alloc(48, 0x77) };
    await assert.rejects(
      (await client({}, teeMeasurementDigest('77'.repeat(48)))).fetchSecrets(pendingRequest()),
      refused('KEYSTORE__MEASUREMENT_NOT_ALLOWED'),
    );
  });

  it('a report bound to other claims is refused', async () => {
    const real = new ConfigfsTsmQuoteProvider(fs.root, fs);
    const rebound: QuoteProvider = { source: 'other', quote: (rd) => real.quote(Uint8Array.from(rd, (b, i) => (i === 5 ? b ^ 1 : b))) };
    await assert.rejects((await client({}, undefined, rebound)).fetchSecrets(pendingRequest()), refused('KEYSTORE__QUOTE_REFUSED', 'REPORT_DATA_MISMATCH'));
  });

  it('the worker side registers an SEV-SNP guest as sev-snp; registered as tdx, its report is refused', async () => {
    assert.equal(await registeredAttestationKind(new ConfigfsTsmQuoteProvider(fs.root, fs)), 'sev-snp');
    const asTdx = await client({}, undefined, undefined, 'tdx');
    await assert.rejects(asTdx.fetchSecrets(pendingRequest()), refused('KEYSTORE__ATTESTATION_KIND_MISMATCH'));
  });
});
