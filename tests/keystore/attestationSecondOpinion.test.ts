/**
 * A second opinion, tests only: npm's @phala/dcap-qvl (pure JS) on the same TDX/SGX inputs must
 * reach the same verdict as keystore/attestation. It does not check CRL signatures, so it is never
 * used by the product; here it guards against both implementations misreading a structure the
 * same way only by chance — and checks that the synthetic PKI's quotes are Intel-shaped.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { isErrandError } from '../../common/errors/index.ts';
import { parseDcapCollateral } from '../../keystore/attestation/dcap/collateral.ts';
import { parseDcapQuote } from '../../keystore/attestation/dcap/parseQuote.ts';
import { TCB_STATUSES } from '../../keystore/attestation/dcap/tcbInfoSchema.ts';
import { verifyDcapQuote } from '../../keystore/attestation/dcap/verifyDcapQuote.ts';
import { createSyntheticIntelPki } from './attestationPki/syntheticIntelPki.ts';
import { SEPT_VE_DISABLE, SyntheticQuoter } from './attestationPki/syntheticQuote.ts';

type QvlModule = typeof import('@phala/dcap-qvl');
const qvl = createRequire(import.meta.url)('@phala/dcap-qvl') as QvlModule;

const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/attestation');
const all = new Set(TCB_STATUSES.filter((s) => s !== 'Revoked'));

function ours(quote: Uint8Array, collateral: unknown, now: Date, trustedRoots?: ReturnType<typeof createSyntheticIntelPki>['root'][]): string {
  try {
    return verifyDcapQuote(parseDcapQuote(quote), parseDcapCollateral(collateral), { now, acceptedStatuses: all, ...(trustedRoots && { trustedRoots }) })
      .tcbStatus;
  } catch (e) {
    if (isErrandError(e, 'KEYSTORE__QUOTE_REFUSED')) return `refused:${e.context.reason}`;
    throw e;
  }
}

function theirs(run: () => { status: string }): string {
  try {
    return run().status;
  } catch (e) {
    return /No matching TCB level/.test((e as Error).message) ? 'refused:TCB_LEVEL_NO_MATCH' : `refused:${(e as Error).message}`;
  }
}

describe('attestation: second opinion from @phala/dcap-qvl (tests only)', () => {
  const cases: Array<[string, string, string, string]> = [
    ['dcap-qvl/tdx_quote', 'dcap-qvl/tdx_quote_collateral.json', '2025-07-04T10:24:15Z', 'UpToDate'],
    ['dcap-qvl/sgx_quote', 'dcap-qvl/sgx_quote_collateral.json', '2025-07-04T10:24:15Z', 'ConfigurationAndSWHardeningNeeded'],
    ['dcap-qvl/tdx_quote_outdated', 'dcap-qvl/tdx_quote_outdated_collateral.json', '2026-03-01T00:00:00Z', 'refused:TCB_LEVEL_NO_MATCH'],
    ['go-tdx-guest/tdx_prod_quote_SPR_E4.dat', 'go-tdx-guest/collateral_v4.json', '2023-07-01T00:00:00Z', 'refused:TCB_LEVEL_NO_MATCH'],
  ];
  for (const [quoteFile, collateralFile, now, expected] of cases) {
    it(`${quoteFile}: both say ${expected}`, () => {
      const quote = new Uint8Array(readFileSync(path.join(dir, quoteFile)));
      const collateral = JSON.parse(readFileSync(path.join(dir, collateralFile), 'utf8')) as Parameters<QvlModule['verify']>[1];
      assert.equal(ours(quote, collateral, new Date(now)), expected);
      assert.equal(
        theirs(() => qvl.verify(quote, collateral, Date.parse(now) / 1000)),
        expected,
      );
    });
  }

  it('synthetic PKI quotes: both accept a current TD; on an out-of-date TDX module only we apply the module identity levels', () => {
    const pki = createSyntheticIntelPki();
    const quoter = new SyntheticQuoter(pki);
    const verifier = new qvl.QuoteVerifier(Buffer.from(pki.root.raw));
    const now = new Date();
    const collateral = pki.collateral as Parameters<QvlModule['verify']>[1];
    const current = quoter.quote();
    assert.equal(ours(current, collateral, now, [pki.root]), 'UpToDate');
    assert.equal(
      theirs(() => verifier.verify(current, collateral, Math.floor(now.getTime() / 1000))),
      'UpToDate',
    );
    // Module ISVSVN 2 of TDX_01 is OutOfDate in the TCB info's tdxModuleIdentities. Intel's QVL (and
    // dcap-qvl's Rust code since) fold that in; the npm package 0.3.9 does not, and says UpToDate.
    const oldModule = quoter.quote({ teeTcbSvn: [2, 1, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], tdAttributes: SEPT_VE_DISABLE });
    assert.equal(ours(oldModule, collateral, now, [pki.root]), 'OutOfDate');
    assert.equal(
      theirs(() => verifier.verify(oldModule, collateral, Math.floor(now.getTime() / 1000))),
      'UpToDate',
    );
  });

  it("why it is not the product's verifier: it accepts a PCK CRL whose signature is corrupted; we refuse it", () => {
    const quote = new Uint8Array(readFileSync(path.join(dir, 'dcap-qvl/tdx_quote')));
    const good = JSON.parse(readFileSync(path.join(dir, 'dcap-qvl/tdx_quote_collateral.json'), 'utf8')) as Parameters<QvlModule['verify']>[1] & {
      pck_crl: string;
    };
    const bad = { ...good, pck_crl: `${good.pck_crl.slice(0, -4)}0000` };
    assert.equal(ours(quote, bad, new Date('2025-07-04T10:24:15Z')), 'refused:CRL_SIGNATURE_INVALID');
    assert.equal(
      theirs(() => qvl.verify(quote, bad, Date.parse('2025-07-04T10:24:15Z') / 1000)),
      'UpToDate',
    );
  });
});
