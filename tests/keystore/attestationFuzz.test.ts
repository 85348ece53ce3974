/**
 * Hostile bytes (fast-check): random evidence, and the real quote, report and collateral with bytes
 * overwritten or cut, only ever end in a coded refusal or a coded "unreadable" — never an uncoded
 * throw and never an "ok".
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { isErrandError } from '../../common/errors/index.ts';
import { verifyEvidence } from '../../keystore/attestation/verifyEvidence.ts';

const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/attestation');
const read = (f: string) => new Uint8Array(readFileSync(path.join(dir, f)));
const now = new Date('2025-07-04T10:24:15Z');
const quote = read('dcap-qvl/tdx_quote');
const collateral = JSON.parse(readFileSync(path.join(dir, 'dcap-qvl/tdx_quote_collateral.json'), 'utf8')) as Record<string, string>;
const report = read('virtee-sev/report_milan.bin');
const vcek = read('virtee-sev/vcek_milan.der');

function outcome(run: () => { verdict: string }): string {
  try {
    return run().verdict;
  } catch (e) {
    assert.ok(isErrandError(e, 'COMMON__INVALID_ARGUMENT'), `uncoded or unexpected failure: ${String(e)}`);
    return 'unreadable';
  }
}

const mutate = (base: Uint8Array) =>
  fc.tuple(fc.nat({ max: base.length - 1 }), fc.integer({ min: 1, max: 255 }), fc.boolean()).map(([at, x, cut]) => {
    const out = Uint8Array.from(base);
    out[at]! ^= x;
    return cut ? out.subarray(0, at + 1) : out;
  });

describe('attestation: fuzzing the verifiers (fast-check)', () => {
  it('random bytes are refused or unreadable', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 6000 }), fc.boolean(), (bytes, tdxHeader) => {
        const b = Uint8Array.from(bytes);
        if (tdxHeader && b.length >= 8) b.set([4, 0, 2, 0, 0x81, 0, 0, 0]);
        assert.notEqual(
          outcome(() => verifyEvidence({ evidence: b, collateral, vcek, now })),
          'ok',
        );
      }),
      { numRuns: 300 },
    );
  });

  it('a TDX quote with one byte changed before its PEM chain (and maybe cut there) is never ok', () => {
    // The PEM text itself is not signed (its certificates are): a changed line break parses the
    // same, so mutations stop where the PEM starts; the certificates are covered by the tamper tests.
    const pemStart = Buffer.from(quote).indexOf('-----BEGIN CERTIFICATE-----');
    fc.assert(
      fc.property(mutate(quote.subarray(0, pemStart)), (prefix) => {
        const q = prefix.length === pemStart ? Buffer.concat([prefix, quote.subarray(pemStart)]) : prefix;
        assert.notEqual(
          outcome(() => verifyEvidence({ evidence: q, collateral, now })),
          'ok',
        );
      }),
      { numRuns: 300 },
    );
  });

  it('an SEV-SNP report or VCEK with one byte changed is never ok', () => {
    fc.assert(
      fc.property(mutate(report), mutate(vcek), fc.boolean(), (r, v, which) => {
        const verdict = outcome(() => verifyEvidence({ evidence: which ? r : report, vcek: which ? vcek : v, now }));
        // Only the report's unsigned tail (signature padding and reserved bytes past 0x2A0 + 144) may change harmlessly.
        if (!which || r.length < report.length || Buffer.from(r.subarray(0, 0x2a0 + 144)).compare(Buffer.from(report.subarray(0, 0x2a0 + 144))) !== 0)
          assert.notEqual(verdict, 'ok');
      }),
      { numRuns: 150 },
    );
  });

  it('collateral with one character of a field changed is never ok', () => {
    // pck_crl_issuer_chain is not read: the PCK CRL is checked against the PCK CA in the quote's own chain.
    const keys = Object.keys(collateral).filter((k) => k !== 'pck_crl_issuer_chain');
    fc.assert(
      fc.property(fc.constantFrom(...keys), fc.nat(), fc.constantFrom('0', 'f', '"', 'x'), (key, at, ch) => {
        const value = collateral[key]!;
        const i = at % value.length;
        // Hex is case-insensitive and a PEM line break is whitespace: neither changes a byte.
        // Nor do the padding bits of a base64 group that ends in '='.
        if (value[i]!.toLowerCase() === ch || /\s/.test(value[i]!) || value.slice(i, i + 4).includes('=')) return;
        const edited = { ...collateral, [key]: value.slice(0, i) + ch + value.slice(i + 1) };
        assert.notEqual(
          outcome(() => verifyEvidence({ evidence: quote, collateral: edited, now })),
          'ok',
        );
      }),
      { numRuns: 300 },
    );
  });
});
