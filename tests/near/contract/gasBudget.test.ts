/**
 * The gas the client attaches (contracts/near/client/gas.ts) against what each contract method
 * burns on the local chain with nearcore's metering (bench/near-gas: small, typical and worst-case
 * arguments, incl. the largest output of each kind). A case within 20% of the attached gas fails,
 * as does any attached figure above the 300 Tgas a transaction may carry up to protocol 82.
 */
import assert from 'node:assert/strict';
import { NEAR_CLIENT_GAS, submitOutputGas, type NearGasMethod } from '../../../contracts/near/client/index.ts';
import { measureNearGas, type GasRow } from '../../../bench/near-gas/measureNearGas.ts';

const TGAS = 1e12;
const fmt = (r: GasRow): string => `${r.method} case=${r.case}: ${(Number(r.gas) / TGAS).toFixed(2)} Tgas of ${Number(r.attached) / TGAS}`;

describe('near contract: gas attached by the client covers the measured worst cases', function () {
  this.timeout(120_000);
  let rows: GasRow[] = [];
  before(async () => {
    rows = await measureNearGas();
  });

  it('measures every method the client calls, and every case succeeds', () => {
    const methods = new Set(rows.map((r) => r.method));
    for (const m of Object.keys(NEAR_CLIENT_GAS).filter((k) => k !== 'limit') as NearGasMethod[]) assert.ok(methods.has(m), `no measurement of ${m}`);
    const failed = rows.filter((r) => !r.ok);
    assert.deepEqual(
      failed.map((r) => `${fmt(r)} ${r.error}`),
      [],
    );
    assert.ok(rows.every((r) => r.gas > 0n));
  });

  it('keeps every case below 80% of the attached gas', () => {
    const tight = rows.filter((r) => r.gas * 10n > r.attached * 8n);
    assert.deepEqual(tight.map(fmt), []);
  });

  it('attaches no more than 300 Tgas anywhere (protocol <= 82 accepts nothing above)', () => {
    for (const [k, v] of Object.entries(NEAR_CLIENT_GAS)) assert.ok(v <= NEAR_CLIENT_GAS.limit, `${k} attaches ${v}`);
    assert.equal(submitOutputGas(262_144), NEAR_CLIENT_GAS.submit_execution_output, "the table states the largest output's gas");
    assert.equal(submitOutputGas(10 ** 9), NEAR_CLIENT_GAS.limit);
    assert.equal(submitOutputGas(0), 10n * 10n ** 12n);
  });

  it('registers the 101st worker for about the same gas as the first (no whole-list rewrite)', () => {
    const reg = rows.filter((r) => r.method === 'register_worker');
    const first = reg.find((r) => r.case === 'small')!.gas;
    const last = reg.find((r) => r.case === 'worst')!.gas;
    assert.ok(last < (first * 12n) / 10n, `first ${first}, 101st ${last}`);
  });

  it('charges instructions: the largest control-character output costs far more than the largest ASCII one', () => {
    const sub = (c: string): bigint => rows.find((r) => r.method === 'submit_execution_output' && r.case === c)!.gas;
    assert.ok(sub('worst-all-control') > 3n * sub('worst-ascii-json'));
    assert.ok(sub('worst-ascii-json') > 20n * 10n ** 12n, 'a 256 KiB output is not nearly free');
  });
});
