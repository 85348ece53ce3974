/**
 * Chain data is parsed, never cast (issue 13): access conditions of every kind as the contract
 * stores them come back as common/types values, and any other shape, a module hash that is not
 * 64 lowercase hex, or a status the contract never writes is CHAIN__BAD_CONTRACT_DATA.
 */
import assert from 'node:assert/strict';
import { isErrandError } from '../../../common/errors/index.ts';
import { accessConditionFromWire, accessConditionToWire } from '../../../contracts/near/client/accessConditionWire.ts';
import { requestViewFromWire, sourceFromWire, workerFromWire } from '../../../contracts/near/client/wire.ts';
import type { AccessCondition } from '../../../common/types/index.ts';

const badData = (e: unknown) => isErrandError(e, 'CHAIN__BAD_CONTRACT_DATA');

describe('near client wire: parsing chain data', () => {
  it('every access condition kind round-trips through the contract shape', () => {
    const all: AccessCondition[] = [
      { type: 'AllowAll' },
      { type: 'Whitelist', accounts: ['a.near', 'b.near'] },
      { type: 'AccountPattern', pattern: '^.*\\.near$' },
      { type: 'RequireNearBalance', min: '1000' },
      { type: 'RequireFtBalance', contract: 'ft.near', min: '0' },
      { type: 'RequireNftOwnership', contract: 'nft.near' },
      { type: 'RequireNftOwnership', contract: 'nft.near', tokenId: '7' },
      { type: 'Logic', op: 'AND', conditions: [{ type: 'AllowAll' }, { type: 'Logic', op: 'NOT', conditions: [{ type: 'Whitelist', accounts: ['x.near'] }] }] },
    ];
    for (const c of all) assert.deepEqual(accessConditionFromWire(JSON.parse(JSON.stringify(accessConditionToWire(c)))), c);
  });

  it('refuses every other access condition shape', () => {
    const deep = (n: number): unknown => (n === 0 ? { type: 'AllowAll' } : { type: 'Logic', op: 'NOT', conditions: [deep(n - 1)] });
    for (const bad of [
      null,
      'AllowAll',
      [],
      {},
      { type: 'Everyone' },
      { type: 'AllowAll', extra: 1 },
      { type: 'Whitelist', accounts: [] },
      { type: 'Whitelist', accounts: [1] },
      { type: 'Whitelist' },
      { type: 'AccountPattern', pattern: 5 },
      { type: 'RequireNearBalance', min: '-1' },
      { type: 'RequireNearBalance', min: 10 },
      { type: 'RequireFtBalance', min: '1' },
      { type: 'RequireNftOwnership', contract: 'nft.near', tokenId: '7' }, // camelCase is not the contract's spelling
      { type: 'Logic', op: 'XOR', conditions: [{ type: 'AllowAll' }] },
      { type: 'Logic', op: 'NOT', conditions: [{ type: 'AllowAll' }, { type: 'AllowAll' }] },
      { type: 'Logic', op: 'AND', conditions: [] },
      { type: 'Logic', op: 'AND', conditions: [{ type: 'Nope' }] },
      deep(4), // Logic nested 5 deep: deeper than the contract stores
    ]) {
      assert.throws(() => accessConditionFromWire(bad), badData, JSON.stringify(bad));
    }
    assert.doesNotThrow(() => accessConditionFromWire(deep(3)));
  });

  it('a wasm_url source needs a real sha256; statuses and formats must be ones the contract writes', () => {
    const url = 'https://example.com/m.wasm';
    assert.equal(sourceFromWire({ kind: 'wasm_url', url, sha256: 'ab'.repeat(32) }).kind, 'wasm_url');
    for (const sha256 of ['AB'.repeat(32), 'ab'.repeat(31), 42, undefined]) {
      assert.throws(() => sourceFromWire({ kind: 'wasm_url', url, sha256 }), badData, String(sha256));
    }
    const view = {
      request_id: 1,
      sender_id: 'a.near',
      payer_id: 'a.near',
      source: { kind: 'wasm_url', url, sha256: 'ab'.repeat(32) },
      input: '',
      resource_limits: { max_instructions: 1, max_memory_mb: 1, max_execution_ms: 1, max_compile_ms: 1 },
      deposit: '1',
      block_height: 1,
      status: 'pending',
    };
    assert.equal(requestViewFromWire('errand.near', view).status, 'pending');
    assert.throws(() => requestViewFromWire('errand.near', { ...view, status: 'lost' }), badData);
    assert.throws(() => requestViewFromWire('errand.near', { ...view, response_format: 'xml' }), badData);
    const worker = { account_id: 'w.near', public_key: 'ed25519:abc', measurement: 'ab'.repeat(32), stake: '5', status: 'active' };
    assert.throws(() => workerFromWire({ ...worker, status: 'retired' }), badData);
  });
});
