/**
 * The real vectors under tests/fixtures/attestation (see its NOTICE.md): Intel TDX/SGX DCAP quotes
 * with their collateral and AMD SEV-SNP reports with their VCEKs, verified offline at a fixed
 * "now", and every tamper refused with its own reason.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { isErrandError } from '../../common/errors/index.ts';
import { parseDcapCollateral, type DcapCollateralJson } from '../../keystore/attestation/dcap/collateral.ts';
import { parseDcapQuote } from '../../keystore/attestation/dcap/parseQuote.ts';
import { TCB_STATUSES } from '../../keystore/attestation/dcap/tcbInfoSchema.ts';
import { verifyDcapQuote, type DcapPolicy } from '../../keystore/attestation/dcap/verifyDcapQuote.ts';
import type { RefusalReason } from '../../keystore/attestation/refusal.ts';
import { verifySnpReport } from '../../keystore/attestation/snp/verifySnpReport.ts';
import { X509Certificate } from 'node:crypto';

const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/attestation');
const bytes = (f: string) => new Uint8Array(readFileSync(path.join(dir, f)));
const json = (f: string) => JSON.parse(readFileSync(path.join(dir, f), 'utf8')) as DcapCollateralJson;
const NOW = new Date('2025-07-04T10:24:15Z');
const allStatuses = new Set(TCB_STATUSES.filter((s) => s !== 'Revoked'));

function dcap(quote: Uint8Array, collateral: unknown, policy: Partial<DcapPolicy> = {}) {
  return verifyDcapQuote(parseDcapQuote(quote), parseDcapCollateral(collateral), { now: NOW, ...policy });
}

function refusedWith(reason: RefusalReason) {
  return (e: unknown) => {
    assert.ok(isErrandError(e, 'KEYSTORE__QUOTE_REFUSED'), `expected a refusal, got ${String(e)}`);
    assert.equal(e.context.reason, reason, e.message);
    return true;
  };
}

function flip(b: Uint8Array, offset: number): Uint8Array {
  const out = Uint8Array.from(b);
  out[offset]! ^= 0x01;
  return out;
}

describe('attestation: real DCAP vectors', () => {
  const tdx = bytes('dcap-qvl/tdx_quote');
  const tdxCol = json('dcap-qvl/tdx_quote_collateral.json');

  it('the dcap-qvl TDX v4 quote verifies UpToDate at 2025-07-04T10:24:15Z', () => {
    const r = dcap(tdx, tdxCol);
    assert.equal(r.kind, 'tdx');
    assert.equal(r.tcbStatus, 'UpToDate');
    assert.equal(r.fmspc, 'b0c06f000000');
    assert.match(r.measurements.mrtd!, /^91eb2b44d141/);
  });

  it('the dcap-qvl SGX v3 quote is ConfigurationAndSWHardeningNeeded (refused unless that status is accepted)', () => {
    const sgx = bytes('dcap-qvl/sgx_quote');
    const col = json('dcap-qvl/sgx_quote_collateral.json');
    assert.equal(dcap(sgx, col, { acceptedStatuses: allStatuses }).tcbStatus, 'ConfigurationAndSWHardeningNeeded');
    assert.throws(() => dcap(sgx, col), refusedWith('TCB_STATUS_NOT_ACCEPTED'));
  });

  it('the outdated TDX v5 quote matches no TCB level', () => {
    assert.throws(
      () =>
        dcap(bytes('dcap-qvl/tdx_quote_outdated'), json('dcap-qvl/tdx_quote_outdated_collateral.json'), {
          now: new Date('2026-03-01T00:00:00Z'),
          acceptedStatuses: allStatuses,
        }),
      refusedWith('TCB_LEVEL_NO_MATCH'),
    );
  });

  it('the go-tdx-guest SPR quote matches no TCB level (TDX component 2 is 4 where every level needs 5)', () => {
    assert.throws(
      () =>
        dcap(bytes('go-tdx-guest/tdx_prod_quote_SPR_E4.dat'), json('go-tdx-guest/collateral_v4.json'), {
          now: new Date('2023-07-01T00:00:00Z'),
          acceptedStatuses: allStatuses,
        }),
      refusedWith('TCB_LEVEL_NO_MATCH'),
    );
  });

  it('the go-tdx-guest v5 sample has no instant where its TCB info and QE identity are both valid', () => {
    const q = bytes('go-tdx-guest/quote_v5_sample.dat');
    const col = json('go-tdx-guest/collateral_v5.json');
    assert.throws(() => dcap(q, col, { now: new Date('2023-06-20T00:00:00Z') }), refusedWith('TCB_INFO_EXPIRED'));
    assert.throws(() => dcap(q, col, { now: new Date('2026-02-15T00:00:00Z') }), refusedWith('CERT_EXPIRED'));
  });

  describe('every tamper is refused with its own reason', () => {
    const q = parseDcapQuote(tdx);
    const sigData = q.signedBytes.length + 4;
    const certData = sigData + 128 + 6; // after signature, attestation key and the QE-report certification header
    const tampers: Array<[string, Uint8Array, RefusalReason]> = [
      ['header (user data)', flip(tdx, 30), 'QUOTE_SIGNATURE_INVALID'],
      ['TD report MRTD', flip(tdx, 48 + 136), 'QUOTE_SIGNATURE_INVALID'],
      ['TD report report_data', flip(tdx, 48 + 520), 'QUOTE_SIGNATURE_INVALID'],
      ['TD attributes', flip(tdx, 48 + 120), 'QUOTE_SIGNATURE_INVALID'],
      ['quote signature', flip(tdx, sigData + 5), 'QUOTE_SIGNATURE_INVALID'],
      ['attestation key', flip(tdx, sigData + 64 + 5), 'QE_REPORT_DATA_MISMATCH'],
      ['QE report', flip(tdx, certData + 10), 'QE_REPORT_SIGNATURE_INVALID'],
      ['QE report signature', flip(tdx, certData + 384 + 3), 'QE_REPORT_SIGNATURE_INVALID'],
      ['QE auth data', flip(tdx, certData + 384 + 64 + 2 + 1), 'QE_REPORT_DATA_MISMATCH'],
      ['certification data size', flip(tdx, sigData + 128 + 2), 'QUOTE_MALFORMED'],
      ['signature data length', flip(tdx, sigData - 4), 'QUOTE_MALFORMED'],
      ['truncated quote', tdx.subarray(0, 1000), 'QUOTE_MALFORMED'],
      ['truncated header', tdx.subarray(0, 20), 'QUOTE_MALFORMED'],
    ];
    for (const [what, quote, reason] of tampers) {
      it(`${what}: ${reason}`, () => assert.throws(() => dcap(quote, tdxCol), refusedWith(reason)));
    }

    it('a PCK certificate byte: PCK_CHAIN_INVALID', () => {
      const pemStart = Buffer.from(tdx).indexOf('-----BEGIN CERTIFICATE-----') + 28 + 200;
      const t = Uint8Array.from(tdx);
      t[pemStart] = t[pemStart] === 0x41 ? 0x42 : 0x41;
      assert.throws(() => dcap(t, tdxCol), refusedWith('PCK_CHAIN_INVALID'));
    });

    const edits: Array<[string, (c: DcapCollateralJson) => DcapCollateralJson, RefusalReason]> = [
      [
        'TCB info text',
        (c) => ({ ...c, tcb_info: c.tcb_info.replace('"tcbEvaluationDataNumber":17', '"tcbEvaluationDataNumber":18') }),
        'TCB_INFO_SIGNATURE_INVALID',
      ],
      ['TCB info signature', (c) => ({ ...c, tcb_info_signature: `${c.tcb_info_signature.slice(0, -2)}00` }), 'TCB_INFO_SIGNATURE_INVALID'],
      ['QE identity text', (c) => ({ ...c, qe_identity: c.qe_identity.replace('"isvprodid":2', '"isvprodid":3') }), 'QE_IDENTITY_SIGNATURE_INVALID'],
      ['QE identity chain from another signer', (c) => ({ ...c, qe_identity_issuer_chain: c.pck_crl_issuer_chain }), 'QE_IDENTITY_SIGNATURE_INVALID'],
      ['garbage root CRL', (c) => ({ ...c, root_ca_crl: 'deadbeef' }), 'CRL_MALFORMED'],
      ['garbage PCK CRL', (c) => ({ ...c, pck_crl: '3003020101' }), 'CRL_MALFORMED'],
      ['root CRL signature corrupted', (c) => ({ ...c, root_ca_crl: `${c.root_ca_crl.slice(0, -4)}0000` }), 'CRL_SIGNATURE_INVALID'],
      ['PCK CRL signature corrupted', (c) => ({ ...c, pck_crl: `${c.pck_crl.slice(0, -4)}0000` }), 'CRL_SIGNATURE_INVALID'],
      ['wrong-issuer CRL (the PCK CRL as root CRL)', (c) => ({ ...c, root_ca_crl: c.pck_crl }), 'CRL_ISSUER_MISMATCH'],
      ['wrong-issuer CRL (the root CRL as PCK CRL)', (c) => ({ ...c, pck_crl: c.root_ca_crl }), 'CRL_ISSUER_MISMATCH'],
      [
        "another platform's TCB info (SGX collateral)",
        (c) => ({ ...c, ...pick(json('dcap-qvl/sgx_quote_collateral.json'), 'tcb_info', 'tcb_info_signature') }),
        'FMSPC_MISMATCH',
      ],
      [
        "another QE's identity (SGX QE)",
        (c) => ({ ...c, ...pick(json('dcap-qvl/sgx_quote_collateral.json'), 'qe_identity', 'qe_identity_signature') }),
        'QE_IDENTITY_MISMATCH',
      ],
      ['missing field', (c) => ({ ...c, pck_crl: undefined }) as unknown as DcapCollateralJson, 'COLLATERAL_MALFORMED'],
    ];
    for (const [what, edit, reason] of edits) {
      it(`collateral ${what}: ${reason}`, () => assert.throws(() => dcap(tdx, edit(tdxCol)), refusedWith(reason)));
    }

    it('expired chain and stale collateral', () => {
      assert.throws(() => dcap(tdx, tdxCol, { now: new Date('2050-01-01T00:00:00Z') }), refusedWith('CERT_EXPIRED'));
      assert.throws(() => dcap(tdx, tdxCol, { now: new Date('2025-08-01T00:00:00Z') }), refusedWith('TCB_INFO_EXPIRED'));
      assert.throws(() => dcap(tdx, tdxCol, { now: new Date('2025-06-01T00:00:00Z') }), refusedWith('TCB_INFO_EXPIRED'));
    });

    it('a root other than the pinned Intel root: ROOT_NOT_TRUSTED', () => {
      const other = new X509Certificate(readFileSync(path.join(dir, 'virtee-sev/ark.pem')));
      assert.throws(() => dcap(tdx, tdxCol, { trustedRoots: [other] }), refusedWith('ROOT_NOT_TRUSTED'));
    });
  });
});

function pick<T extends object, K extends keyof T>(o: T, ...keys: K[]): Pick<T, K> {
  return Object.fromEntries(keys.map((k) => [k, o[k]])) as Pick<T, K>;
}

describe('attestation: real SEV-SNP vectors', () => {
  const goReport = bytes('go-sev-guest/attestation.bin');
  const goVcek = bytes('go-sev-guest/vcek.testcer');
  const vReport = bytes('virtee-sev/report_milan.bin');
  const vVcek = bytes('virtee-sev/vcek_milan.der');
  const now = new Date('2025-01-01T00:00:00Z');

  it('the virtee Milan report (debug off) verifies under the default policy', () => {
    const r = verifySnpReport(vReport, vVcek, { now });
    assert.equal(r.product, 'Milan');
    assert.equal(r.policy, '0x30000');
    assert.equal(r.measurements.measurement.length, 96);
  });

  it('the go-sev-guest report (policy allows debug) is refused by default and accepted when debug guests are allowed', () => {
    assert.throws(() => verifySnpReport(goReport, goVcek, { now }), refusedWith('SNP_DEBUG'));
    assert.equal(verifySnpReport(goReport, goVcek, { now, allowDebug: true }).reportedTcb, '0200000000000544');
  });

  it('a chain file must be the pinned one for the product', () => {
    const pems = (f: string) =>
      (readFileSync(path.join(dir, f), 'utf8').match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? []).map((p) => new X509Certificate(p));
    assert.equal(verifySnpReport(vReport, vVcek, { now, chain: pems('go-sev-guest/ask_ark_milan.pem') }).product, 'Milan');
    assert.throws(() => verifySnpReport(vReport, vVcek, { now, chain: pems('go-sev-guest/ask_ark_genoa.pem') }), refusedWith('ROOT_NOT_TRUSTED'));
  });

  const tampers: Array<[string, () => unknown, RefusalReason]> = [
    ['measurement bit', () => verifySnpReport(flip(vReport, 0x90), vVcek, { now }), 'SNP_SIGNATURE_INVALID'],
    ['report_data bit', () => verifySnpReport(flip(vReport, 0x50), vVcek, { now }), 'SNP_SIGNATURE_INVALID'],
    ['policy bit', () => verifySnpReport(flip(vReport, 10), vVcek, { now }), 'SNP_SIGNATURE_INVALID'],
    ['chip id bit', () => verifySnpReport(flip(vReport, 0x1a0), vVcek, { now }), 'SNP_SIGNATURE_INVALID'],
    ['signature r', () => verifySnpReport(flip(vReport, 0x2a0), vVcek, { now }), 'SNP_SIGNATURE_INVALID'],
    ['signature s', () => verifySnpReport(flip(vReport, 0x2e8), vVcek, { now }), 'SNP_SIGNATURE_INVALID'],
    ["another chip's VCEK", () => verifySnpReport(vReport, goVcek, { now }), 'SNP_SIGNATURE_INVALID'],
    ['VCEK signature byte', () => verifySnpReport(vReport, flip(vVcek, vVcek.length - 10), { now }), 'SNP_CHAIN_INVALID'],
    ['truncated report', () => verifySnpReport(vReport.subarray(0, 700), vVcek, { now }), 'QUOTE_MALFORMED'],
    ['expired chain', () => verifySnpReport(vReport, vVcek, { now: new Date('2031-01-01T00:00:00Z') }), 'CERT_EXPIRED'],
  ];
  for (const [what, run, reason] of tampers) it(`${what}: ${reason}`, () => assert.throws(run, refusedWith(reason)));
});
