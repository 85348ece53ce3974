/**
 * Brands and error codes at trust boundaries (issue 13): parseSha256Hex is the one way a string from
 * outside becomes a Sha256Hex; errorFromWire uses a server's code only when the registry has it.
 */
import assert from 'node:assert/strict';
import { ErrandError, errorFromWire, isErrandError, isErrandErrorCode } from '../../common/errors/index.ts';
import { parseSha256Hex } from '../../common/types/index.ts';

describe('trust-boundary parsing', () => {
  it('parseSha256Hex accepts 64 lowercase hex and refuses anything else with a coded error naming the field', () => {
    assert.equal(parseSha256Hex('0f'.repeat(32)), '0f'.repeat(32));
    for (const bad of ['0F'.repeat(32), '0f'.repeat(31), '0f'.repeat(33), ` ${'0f'.repeat(32)}`, 'g'.repeat(64), 42, null, undefined, ['0f'.repeat(32)]]) {
      assert.throws(
        () => parseSha256Hex(bad, 'module'),
        (e) => isErrandError(e, 'COMMON__INVALID_ARGUMENT') && e.context.field === 'module',
        String(bad),
      );
    }
  });

  it('isErrandErrorCode knows the registry and nothing else', () => {
    assert.equal(isErrandErrorCode('COORDINATOR__LEASE_LOST'), true);
    assert.equal(isErrandErrorCode('COORDINATOR__LEASE_FOUND'), false);
    assert.equal(isErrandErrorCode('toString'), false);
    assert.equal(isErrandErrorCode(undefined), false);
  });

  it('errorFromWire: a known code as itself, an unknown one as COMMON__REMOTE_ERROR, a non-coded body as null', () => {
    const known = errorFromWire('keystore', 403, { error: 'no', code: 'KEYSTORE__ACCESS_DENIED', details: { reason: 'condition' } });
    assert.ok(known instanceof ErrandError && known.code === 'KEYSTORE__ACCESS_DENIED');
    assert.deepEqual(known.context, { reason: 'condition' });
    const notAnObject = errorFromWire('keystore', 403, { error: 'no', code: 'KEYSTORE__ACCESS_DENIED', details: 'text' });
    assert.deepEqual(notAnObject?.context, {});
    const unknown = errorFromWire('coordinator', 500, { error: 'boom', code: '__proto__' });
    assert.ok(isErrandError(unknown, 'COMMON__REMOTE_ERROR'));
    assert.deepEqual(unknown.context, { service: 'coordinator', status: 500, remoteCode: '__proto__', remoteMessage: 'boom' });
    for (const body of [undefined, null, 'x', [], { code: 'COMMON__INTERNAL' }, { error: 'x', code: 5 }]) assert.equal(errorFromWire('s', 500, body), null);
  });
});
