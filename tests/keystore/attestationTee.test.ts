/**
 * End to end with the synthetic Intel PKI: a TDX worker (quotes from a fake configfs-tsm
 * directory) gets secrets from a real keystore over HTTP; the same worker with a measurement not
 * on the allowlist, a debug TD, SEPT_VE_DISABLE off, an outdated TDX module, or a quote bound to
 * other claims is refused with its code.
 */
import assert from 'node:assert/strict';
import { isErrandError, type ErrandErrorCode } from '../../common/errors/index.ts';
import type { WorkerAttestationKind } from '../../common/ports/index.ts';
import { StaticCollateralProvider, type CollateralProvider } from '../../keystore/attestation/collateral/CollateralProvider.ts';
import { parseDcapCollateral } from '../../keystore/attestation/dcap/collateral.ts';
import { DEFAULT_TEE_SETTINGS, type TeeSettings } from '../../keystore/attestation/createTeeVerifiers.ts';
import { teeMeasurementDigest } from '../../keystore/attestation/teeBinding.ts';
import { KeystoreSecretsProvider } from '../../keystore/client/KeystoreSecretsProvider.ts';
import type { QuoteProvider } from '../../keystore/client/QuoteProvider.ts';
import { teeMeasurementKeyOf } from '../../keystore/client/teeClaimMeasurement.ts';
import { defaultKeystoreSettings } from '../../keystore/config.ts';
import { startKeystore, type RunningKeystore } from '../../keystore/service/startKeystore.ts';
import { ConfigfsTsmQuoteProvider } from '../../worker/quote/ConfigfsTsmQuoteProvider.ts';
import { FakeConfigfs } from './attestationPki/fakeConfigfs.ts';
import { createSyntheticIntelPki } from './attestationPki/syntheticIntelPki.ts';
import { SEPT_VE_DISABLE, SyntheticQuoter, TD_DEBUG } from './attestationPki/syntheticQuote.ts';
import { MASTER_HEX, SECRET_VALUE, TEST_TICKETS, pendingRequest, ticketed, world } from './fixtures.ts';

describe('keystore: TDX workers end to end (synthetic Intel PKI, fake configfs-tsm)', () => {
  const pki = createSyntheticIntelPki();
  const quoter = new SyntheticQuoter(pki);
  const allowedKey = teeMeasurementKeyOf({ kind: 'tdx', quote: quoter.quote() });
  let fs: FakeConfigfs;
  let keystores: RunningKeystore[] = [];
  let collateralCalls = 0;
  const collateral: CollateralProvider = {
    collateralFor: () => {
      collateralCalls++;
      return new StaticCollateralProvider(parseDcapCollateral(pki.collateral)).collateralFor();
    },
  };

  beforeEach(() => {
    fs = new FakeConfigfs(quoter);
    collateralCalls = 0;
  });
  afterEach(async () => {
    await Promise.all(keystores.map((k) => k.close()));
    keystores = [];
    fs.cleanup();
  });

  async function setup(tee: Partial<TeeSettings> = {}, registered = teeMeasurementDigest(allowedKey), attestationKind: WorkerAttestationKind = 'tdx') {
    const w = world();
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
        measurementAllowlist: [registered],
        coordinatorPublicKey: TEST_TICKETS.publicKeyHex,
        tee: { ...DEFAULT_TEE_SETTINGS, measurementAllowlist: [allowedKey], ...tee },
      }),
      contracts: [{ reader: w.reader, contractId: pendingRequest().contractId }],
      teeTestHooks: { collateral, trustedRoots: [pki.root] },
    });
    keystores.push(ks);
    /** `null`: the worker attests with its ed25519 key only (no quote). */
    const client = (quoteProvider: QuoteProvider | null = new ConfigfsTsmQuoteProvider(fs.root, fs)) =>
      ticketed(
        new KeystoreSecretsProvider({
          keystoreUrl: ks.url,
          workerAccount: 'worker1.near',
          signer: w.worker.signer,
          measurement: registered,
          ...(quoteProvider ? { quoteProvider } : {}),
        }),
        w.worker.publicKey,
      );
    return { client };
  }

  const refused = (code: ErrandErrorCode, reason?: string) => (e: unknown) => {
    assert.ok(isErrandError(e, code), `expected ${code}, got ${String(e)}`);
    if (reason) assert.equal((e.context as { reason?: string }).reason, reason);
    return true;
  };

  it('a TDX worker on the allowlist gets its secrets; later attestations reuse the verified platform', async () => {
    const { client } = await setup();
    const c = client();
    assert.equal((await c.fetchSecrets(pendingRequest())).API_KEY, SECRET_VALUE);
    assert.equal((await c.fetchSecrets(pendingRequest())).API_KEY, SECRET_VALUE);
    assert.equal(fs.quotes, 3, 'one probe quote, then one quote per attestation');
    assert.equal(collateralCalls, 1, 'the second attestation used the session cache');
  });

  it('a measurement not on the allowlist is refused', async () => {
    fs.spec = { mrtd: Buffer.alloc(48, 0x66) };
    const { client } = await setup({}, teeMeasurementDigest(teeMeasurementKeyOf({ kind: 'tdx', quote: quoter.quote(fs.spec) })));
    await assert.rejects(client().fetchSecrets(pendingRequest()), refused('KEYSTORE__MEASUREMENT_NOT_ALLOWED'));
  });

  it('a debug TD is refused, unless the operator allows debug guests', async () => {
    fs.spec = { tdAttributes: SEPT_VE_DISABLE | TD_DEBUG };
    await assert.rejects((await setup()).client().fetchSecrets(pendingRequest()), refused('KEYSTORE__QUOTE_REFUSED', 'TD_DEBUG'));
    assert.equal((await (await setup({ allowDebugGuests: true })).client().fetchSecrets(pendingRequest())).API_KEY, SECRET_VALUE);
  });

  it('a TD without SEPT_VE_DISABLE is refused', async () => {
    fs.spec = { tdAttributes: 0n };
    await assert.rejects((await setup()).client().fetchSecrets(pendingRequest()), refused('KEYSTORE__QUOTE_REFUSED', 'TD_SEPT_VE_DISABLE_OFF'));
  });

  it('an out-of-date TDX module is refused by default and accepted when OutOfDate is configured', async () => {
    fs.spec = { teeTcbSvn: [2, 1, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0] };
    await assert.rejects((await setup()).client().fetchSecrets(pendingRequest()), refused('KEYSTORE__QUOTE_REFUSED', 'TCB_STATUS_NOT_ACCEPTED'));
    const lenient = await setup({ acceptedTcbStatuses: ['UpToDate', 'OutOfDate'] });
    assert.equal((await lenient.client().fetchSecrets(pendingRequest())).API_KEY, SECRET_VALUE);
  });

  it('a quote bound to another key or nonce is refused', async () => {
    const { client } = await setup();
    const real = new ConfigfsTsmQuoteProvider(fs.root, fs);
    let previous: Uint8Array | undefined;
    const replaying: QuoteProvider = {
      source: 'replay',
      async quote(reportData) {
        const e = await real.quote(previous ?? reportData);
        previous = reportData; // the next attestation gets a quote made for this one's claims
        return e;
      },
    };
    const c = client(replaying);
    await c.fetchSecrets(pendingRequest()).catch(() => undefined); // probe + first attestation
    await assert.rejects(c.fetchSecrets(pendingRequest()), refused('KEYSTORE__QUOTE_REFUSED', 'REPORT_DATA_MISMATCH'));
    const otherKey: QuoteProvider = { source: 'other', quote: (rd) => real.quote(Uint8Array.from(rd, (b, i) => (i === 0 ? b ^ 1 : b))) };
    await assert.rejects(client(otherKey).fetchSecrets(pendingRequest()), refused('KEYSTORE__QUOTE_REFUSED', 'REPORT_DATA_MISMATCH'));
  });

  it("a worker whose registered measurement is not its quote's is refused", async () => {
    const { client } = await setup({}, 'cd'.repeat(32));
    await assert.rejects(client().fetchSecrets(pendingRequest()), refused('KEYSTORE__MEASUREMENT_NOT_ALLOWED'));
  });

  it("the registry's attestation kind is required: tdx-registered presenting ed25519, or ed25519-registered presenting a TDX quote, is refused", async () => {
    const kindMismatch = (registered: string, presented: string) => (e: unknown) =>
      refused('KEYSTORE__ATTESTATION_KIND_MISMATCH')(e) && assert.deepEqual((e as { context: unknown }).context, { registered, presented }) === undefined;
    const asTdx = await setup();
    await assert.rejects(asTdx.client(null).fetchSecrets(pendingRequest()), kindMismatch('tdx', 'ed25519'));
    const asEd25519 = await setup({}, undefined, 'ed25519');
    await assert.rejects(asEd25519.client().fetchSecrets(pendingRequest()), kindMismatch('ed25519', 'tdx'));
    assert.equal(
      (await asEd25519.client(null).fetchSecrets(pendingRequest())).API_KEY,
      SECRET_VALUE,
      'the same worker attesting as it registered gets its secrets',
    );
  });
});
