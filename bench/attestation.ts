/**
 * Attestation verification cost on the real vectors (tests/fixtures/attestation), node:crypto
 * only, at the vectors' fixed "now": a full TDX DCAP verification (collateral signatures and
 * chains, CRLs, PCK chain, QE, quote), a full SEV-SNP verification (ARK/ASK/VCEK RSA-PSS chain,
 * P-384 report signature), and a TDX quote from a worker whose platform is already verified
 * (TdxVerifier's session cache: one attestation-key signature and the per-quote policy).
 * Medians over repeated runs after a warm-up.
 * Last line: `bench attestation: tdx_verify_ms=A snp_verify_ms=B cached_ms=C`.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { StaticCollateralProvider } from '../keystore/attestation/collateral/CollateralProvider.ts';
import { parseDcapCollateral } from '../keystore/attestation/dcap/collateral.ts';
import { parseDcapQuote } from '../keystore/attestation/dcap/parseQuote.ts';
import { verifyDcapQuote } from '../keystore/attestation/dcap/verifyDcapQuote.ts';
import { verifySnpReport } from '../keystore/attestation/snp/verifySnpReport.ts';
import { TdxVerifier } from '../keystore/attestation/TdxVerifier.ts';
import { createTrustedChains } from '../keystore/service/TrustedChains.ts';

const dir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../tests/fixtures/attestation');
const read = (f: string) => readFileSync(path.join(dir, f));

async function median(runs: number, fn: () => unknown): Promise<number> {
  for (let i = 0; i < 5; i++) await fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

export async function main(): Promise<void> {
  const now = new Date('2025-07-04T10:24:15Z');
  const quote = read('dcap-qvl/tdx_quote');
  const collateralJson = JSON.parse(read('dcap-qvl/tdx_quote_collateral.json').toString('utf8')) as unknown;
  const tdx = await median(50, () => verifyDcapQuote(parseDcapQuote(quote), parseDcapCollateral(collateralJson), { now }));

  const report = read('virtee-sev/report_milan.bin');
  const vcek = read('virtee-sev/vcek_milan.der');
  const snp = await median(50, () => verifySnpReport(report, vcek, { now }));

  const verifier = new TdxVerifier({
    chains: createTrustedChains([]),
    collateral: new StaticCollateralProvider(parseDcapCollateral(collateralJson)),
    measurementAllowlist: new Set(),
    now: () => now,
  });
  const cached = await median(200, () => verifier.verifyQuote(quote));

  console.log(`  tdx: full DCAP verification of the dcap-qvl TDX v4 quote (${quote.length} bytes)`);
  console.log(`  snp: full SEV-SNP verification of the virtee Milan report with its VCEK`);
  console.log(`  cached: a quote from an already verified platform (session cache)`);
  console.log(`bench attestation: tdx_verify_ms=${tdx.toFixed(2)} snp_verify_ms=${snp.toFixed(2)} cached_ms=${cached.toFixed(3)}`);
}
