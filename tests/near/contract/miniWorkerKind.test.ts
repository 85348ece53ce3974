/**
 * The worker registry records the attestation kind a worker registered with (committed
 * errand.wasm, minimal host): ed25519 by default, tdx or sev-snp when given, anything else refused;
 * every worker view returns it, and a record stored before the field existed reads as ed25519.
 */
import assert from 'node:assert/strict';
import { MEASUREMENT, NEAR, events, workerKey } from './support/fixtures.ts';
import { KEY, WORKER, expectErr, ok, registerWorker, setup, view } from './support/miniSetup.ts';

const hex = (text: string): string => Buffer.from(text).toString('hex');
type Row = { attestation_kind: string };

describe('near contract: the worker registry records the attestation kind', () => {
  it('defaults to ed25519, in the record, the views and the event', () => {
    const h = setup();
    const reg = registerWorker(h);
    assert.equal((events(reg.logs)[0]!.data[0] as Row).attestation_kind, 'ed25519');
    assert.equal((view(h, 'get_worker', { account_id: WORKER }) as Row).attestation_kind, 'ed25519');
    assert.equal((view(h, 'get_worker_by_key', { public_key: KEY.publicKey }) as Row).attestation_kind, 'ed25519');
  });

  it('stores tdx and sev-snp as given', () => {
    const h = setup();
    for (const [i, kind] of (['tdx', 'sev-snp'] as const).entries()) {
      const account = `w${i}.test.near`;
      const key = workerKey(20 + i);
      ok(
        h.call(
          'register_worker',
          { public_key: key.publicKey, measurement: MEASUREMENT, attestation_kind: kind },
          { predecessor: account, deposit: 5n * NEAR },
        ),
      );
      assert.equal((view(h, 'get_worker', { account_id: account }) as Row).attestation_kind, kind);
      assert.equal((view(h, 'get_worker_by_key', { public_key: key.publicKey }) as Row).attestation_kind, kind);
    }
    assert.deepEqual(
      (view(h, 'list_workers', {}) as Row[]).map((w) => w.attestation_kind),
      ['tdx', 'sev-snp'],
    );
  });

  it('refuses any other kind with ERR_INVALID_ARGS and registers nothing', () => {
    const h = setup();
    for (const kind of ['sgx', 'TDX', '', 7]) {
      expectErr(
        h.call('register_worker', { public_key: KEY.publicKey, measurement: MEASUREMENT, attestation_kind: kind }, { predecessor: WORKER, deposit: 5n * NEAR }),
        'ERR_INVALID_ARGS',
      );
    }
    assert.equal(view(h, 'get_worker', { account_id: WORKER }), null);
  });

  it('reads a record stored without attestation_kind (before the field existed) as ed25519', () => {
    const h = setup();
    registerWorker(h);
    const k = hex(`w:${WORKER}`);
    const legacy = JSON.parse(Buffer.from(h.storage.get(k)!).toString()) as Record<string, unknown>;
    delete legacy['attestation_kind'];
    h.storage.set(k, Uint8Array.from(Buffer.from(JSON.stringify(legacy))));
    assert.equal((view(h, 'get_worker', { account_id: WORKER }) as Row).attestation_kind, 'ed25519');
    ok(h.call('unregister_worker', {}, { predecessor: WORKER }));
    assert.equal((view(h, 'get_worker', { account_id: WORKER }) as Row & { status: string }).status, 'unbonding');
  });
});
