/** `errand attest verify` on the real vectors: one result line, exit 0 verified, 1 refused, 2 unreadable input. */
import assert from 'node:assert/strict';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { cli } from './cliHarness.ts';

const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/attestation');
const f = (p: string) => path.join(dir, p);
const NOW = ['--now', '2025-07-04T10:24:15Z'];

interface Verdict {
  kind: string;
  verdict: string;
  tcbStatus: string | null;
  measurements: Record<string, string> | null;
  reportData: string | null;
}
const parse = (out: string[]) => JSON.parse(out.join('\n')) as Verdict;

describe('errand attest verify', () => {
  it('verifies the dcap-qvl TDX quote and prints {kind, verdict, tcbStatus, measurements, reportData}', async () => {
    const r = await cli(['attest', 'verify', '--quote', f('dcap-qvl/tdx_quote'), '--collateral', f('dcap-qvl/tdx_quote_collateral.json'), ...NOW, '--json']);
    assert.equal(r.code, 0, r.err.join('\n'));
    const v = parse(r.out);
    assert.deepEqual(Object.keys(v), ['kind', 'verdict', 'tcbStatus', 'measurements', 'reportData']);
    assert.equal(v.kind, 'tdx');
    assert.equal(v.verdict, 'ok');
    assert.equal(v.tcbStatus, 'UpToDate');
    assert.equal(v.reportData?.length, 128);
  });

  it("reads hex quote files (0x-prefixed or not): another platform's quote is refused against this FMSPC's collateral", async () => {
    for (const quote of ['dcap-qvl/tdx-quote.hex', 'dcap-qvl/quote-from-tappd.hex']) {
      const r = await cli(['attest', 'verify', '--quote', f(quote), '--collateral', f('dcap-qvl/tdx_quote_collateral.json'), ...NOW, '--json']);
      assert.equal(r.code, 1, r.err.join('\n'));
      assert.equal(parse(r.out).kind, 'tdx');
      assert.match(parse(r.out).verdict, /^[A-Z_]+$/);
    }
  });

  it("the allowlist: the quote's own MRTD||RTMR0..3 passes, any other is MEASUREMENT_NOT_ALLOWED (exit 1)", async () => {
    const base = ['attest', 'verify', '--quote', f('dcap-qvl/tdx_quote'), '--collateral', f('dcap-qvl/tdx_quote_collateral.json'), ...NOW, '--json'];
    const m = parse((await cli(base)).out).measurements!;
    const own = [m.mrtd, m.rtmr0, m.rtmr1, m.rtmr2, m.rtmr3].join('');
    assert.equal((await cli([...base, '--allow-measurement', own])).code, 0);
    const other = await cli([...base, '--allow-measurement', 'ab'.repeat(240)]);
    assert.equal(other.code, 1);
    assert.equal(parse(other.out).verdict, 'MEASUREMENT_NOT_ALLOWED');
  });

  it('the SGX quote is refused as ConfigurationAndSWHardeningNeeded by default and accepted with --accept-tcb', async () => {
    const base = ['attest', 'verify', '--quote', f('dcap-qvl/sgx_quote'), '--collateral', f('dcap-qvl/sgx_quote_collateral.json'), ...NOW, '--json'];
    const refused = await cli(base);
    assert.equal(refused.code, 1);
    assert.deepEqual([parse(refused.out).verdict, parse(refused.out).tcbStatus], ['TCB_STATUS_NOT_ACCEPTED', 'ConfigurationAndSWHardeningNeeded']);
    const accepted = await cli([...base, '--accept-tcb', 'ConfigurationAndSWHardeningNeeded']);
    assert.equal(accepted.code, 0);
    assert.equal(parse(accepted.out).kind, 'sgx');
  });

  it('the negative TDX vector is refused with its reason; a stale "now" is refused', async () => {
    const r = await cli([
      'attest',
      'verify',
      '--quote',
      f('go-tdx-guest/tdx_prod_quote_SPR_E4.dat'),
      '--collateral',
      f('go-tdx-guest/collateral_v4.json'),
      '--now',
      '2023-07-01T00:00:00Z',
      '--json',
    ]);
    assert.equal(r.code, 1);
    assert.equal(parse(r.out).verdict, 'TCB_LEVEL_NO_MATCH');
    const late = await cli(['attest', 'verify', '--quote', f('dcap-qvl/tdx_quote'), '--collateral', f('dcap-qvl/tdx_quote_collateral.json'), '--json']);
    assert.equal(late.code, 1, "today the vector's collateral is expired");
  });

  it('SEV-SNP: the virtee report verifies; the go-sev-guest one is SNP_DEBUG unless --allow-debug', async () => {
    const v = await cli([
      'attest',
      'verify',
      '--quote',
      f('virtee-sev/report_milan.bin'),
      '--vcek',
      f('virtee-sev/vcek_milan.der'),
      '--chain',
      f('go-sev-guest/ask_ark_milan.pem'),
      '--json',
    ]);
    assert.equal(v.code, 0, v.out.join('\n'));
    assert.equal(parse(v.out).kind, 'sev-snp');
    assert.equal(parse(v.out).measurements!.measurement!.length, 96);
    const g = [
      'attest',
      'verify',
      '--quote',
      f('go-sev-guest/attestation.bin'),
      '--vcek',
      f('go-sev-guest/vcek.testcer'),
      '--chain',
      f('go-sev-guest/ask_ark_milan.pem'),
      '--json',
    ];
    const refused = await cli(g);
    assert.deepEqual([refused.code, parse(refused.out).verdict], [1, 'SNP_DEBUG']);
    assert.equal((await cli([...g, '--allow-debug'])).code, 0);
    const wrongChain = await cli([
      'attest',
      'verify',
      '--quote',
      f('virtee-sev/report_milan.bin'),
      '--vcek',
      f('virtee-sev/vcek_milan.der'),
      '--chain',
      f('go-sev-guest/ask_ark_genoa.pem'),
      '--json',
    ]);
    assert.deepEqual([wrongChain.code, parse(wrongChain.out).verdict], [1, 'ROOT_NOT_TRUSTED']);
  });

  it('unreadable input exits 2: missing file, not a quote, no collateral, bad flags', async () => {
    assert.equal((await cli(['attest', 'verify', '--quote', f('nope.bin'), '--collateral', f('dcap-qvl/tdx_quote_collateral.json')])).code, 2);
    assert.equal((await cli(['attest', 'verify', '--quote', f('NOTICE.md'), '--collateral', f('dcap-qvl/tdx_quote_collateral.json')])).code, 2);
    assert.equal((await cli(['attest', 'verify', '--quote', f('dcap-qvl/tdx_quote')])).code, 2);
    assert.equal((await cli(['attest', 'verify', '--quote', f('dcap-qvl/tdx_quote'), '--collateral', f('NOTICE.md')])).code, 2);
    assert.equal((await cli(['attest', 'verify', '--quote', f('dcap-qvl/tdx_quote'), '--now', 'yesterday'])).code, 2);
    assert.equal((await cli(['attest', 'frobnicate'])).code, 2);
  });
});
