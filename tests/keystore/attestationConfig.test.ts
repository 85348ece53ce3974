/** The keystore's TEE settings from the environment, the verifiers built from them (a fixed collateral file, offline), and the TDX session cache's lifetime. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { isErrandError } from '../../common/errors/index.ts';
import { createTeeVerifiers } from '../../keystore/attestation/createTeeVerifiers.ts';
import { StaticCollateralProvider } from '../../keystore/attestation/collateral/CollateralProvider.ts';
import { parseDcapCollateral } from '../../keystore/attestation/dcap/collateral.ts';
import { TdxVerifier } from '../../keystore/attestation/TdxVerifier.ts';
import { keystoreSettingsFromEnv } from '../../keystore/config.ts';
import { createTrustedChains } from '../../keystore/service/TrustedChains.ts';

const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/attestation');
const base = { ERRAND_KEYSTORE_MASTER_SECRET: 'ab'.repeat(32) };

describe('keystore TEE configuration', () => {
  it('defaults: no TEE measurements, UpToDate only, no debug guests, Intel PCS', () => {
    const s = keystoreSettingsFromEnv(base).tee;
    assert.deepEqual(s, {
      measurementAllowlist: [],
      acceptedTcbStatuses: ['UpToDate'],
      allowDebugGuests: false,
      collateralUrl: 'https://api.trustedservices.intel.com',
    });
  });

  it('reads the allowlist, statuses, debug switch and collateral source; refuses bad values', () => {
    const tdxKey = 'AB'.repeat(240);
    const s = keystoreSettingsFromEnv({
      ...base,
      KEYSTORE_TEE_MEASUREMENT_ALLOWLIST: `${tdxKey}, ${'cd'.repeat(48)}`,
      KEYSTORE_ACCEPTED_TCB_STATUSES: 'UpToDate,SWHardeningNeeded',
      KEYSTORE_ALLOW_DEBUG_GUESTS: 'true',
      KEYSTORE_TDX_COLLATERAL_FILE: '/tmp/collateral.json',
    }).tee;
    assert.deepEqual(s.measurementAllowlist, [tdxKey.toLowerCase(), 'cd'.repeat(48)]);
    assert.deepEqual(s.acceptedTcbStatuses, ['UpToDate', 'SWHardeningNeeded']);
    assert.equal(s.allowDebugGuests, true);
    assert.equal(s.collateralFile, '/tmp/collateral.json');
    for (const bad of [
      { KEYSTORE_TEE_MEASUREMENT_ALLOWLIST: 'ab'.repeat(32) },
      { KEYSTORE_ACCEPTED_TCB_STATUSES: 'Revoked' },
      { KEYSTORE_ACCEPTED_TCB_STATUSES: 'Fine' },
    ]) {
      assert.throws(
        () => keystoreSettingsFromEnv({ ...base, ...bad }),
        (e) => isErrandError(e, 'COMMON__CONFIG_INVALID'),
      );
    }
  });

  it('a fixed collateral file drives the TDX verifier; an unreadable one is a coded configuration error', async () => {
    const settings = { ...keystoreSettingsFromEnv(base).tee, collateralFile: path.join(dir, 'dcap-qvl/tdx_quote_collateral.json') };
    const { tdx } = createTeeVerifiers(createTrustedChains([]), settings, { now: () => new Date('2025-07-04T10:24:15Z') });
    const result = await (tdx as TdxVerifier).verifyQuote(readFileSync(path.join(dir, 'dcap-qvl/tdx_quote')));
    assert.equal(result.tcbStatus, 'UpToDate');
    assert.throws(
      () => createTeeVerifiers(createTrustedChains([]), { ...settings, collateralFile: path.join(dir, 'NOTICE.md') }),
      (e) => isErrandError(e, 'COMMON__CONFIG_INVALID'),
    );
  });
});

describe('TDX session cache', () => {
  it('reuses a verified platform within its TTL and asks for collateral again after it', async () => {
    const source = new StaticCollateralProvider(parseDcapCollateral(JSON.parse(readFileSync(path.join(dir, 'dcap-qvl/tdx_quote_collateral.json'), 'utf8'))));
    let calls = 0;
    let now = new Date('2025-07-04T10:24:15Z');
    const verifier = new TdxVerifier({
      chains: createTrustedChains([]),
      collateral: { collateralFor: () => (calls++, source.collateralFor()) },
      measurementAllowlist: new Set(),
      now: () => now,
      sessionTtlMs: 60_000,
    });
    const quote = readFileSync(path.join(dir, 'dcap-qvl/tdx_quote'));
    await verifier.verifyQuote(quote);
    now = new Date(now.getTime() + 59_000);
    await verifier.verifyQuote(quote);
    assert.equal(calls, 1);
    now = new Date(now.getTime() + 2_000);
    await verifier.verifyQuote(quote);
    assert.equal(calls, 2);
  });
});
