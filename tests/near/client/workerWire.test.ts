/** workerFromWire: the contract's worker record -> WorkerView, with the registered attestation kind. */
import assert from 'node:assert/strict';
import { isErrandError } from '../../../common/errors/index.ts';
import { workerFromWire } from '../../../contracts/near/client/wire.ts';

const record = {
  account_id: 'w.near',
  public_key: 'ed25519:abc',
  measurement: 'ab'.repeat(32),
  stake: '5',
  status: 'active',
  registered_at: 1,
  unbonding_ends_at: null,
  slashes: [],
};

describe('near client wire: worker records', () => {
  it('carries attestation_kind as attestationKind', () => {
    for (const kind of ['ed25519', 'tdx', 'sev-snp']) assert.equal(workerFromWire({ ...record, attestation_kind: kind }).attestationKind, kind);
  });

  it('reads a record without attestation_kind (stored before the field existed) as ed25519', () => {
    assert.equal(workerFromWire(record).attestationKind, 'ed25519');
  });

  it('refuses an unknown kind as bad contract data', () => {
    assert.throws(
      () => workerFromWire({ ...record, attestation_kind: 'sgx' }),
      (e) => isErrandError(e, 'CHAIN__BAD_CONTRACT_DATA'),
    );
  });
});
