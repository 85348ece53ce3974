import assert from 'node:assert/strict';
import { ErrandError, httpStatusFor, isErrandError, toErrandError } from '../../common/errors/index.ts';
import { assertSha256Hex, isSha256Hex } from '../../common/types/index.ts';

describe('common/errors', () => {
  it('guards on the code and serialises to the wire shape', () => {
    const e = new ErrandError('COMMON__NOT_FOUND', 'no such request', { what: 'request', id: '7' });
    assert.ok(isErrandError(e));
    assert.ok(isErrandError(e, 'COMMON__NOT_FOUND'));
    assert.ok(!isErrandError(e, 'COMMON__TIMEOUT'));
    assert.deepEqual(JSON.parse(JSON.stringify(e)), {
      error: 'no such request',
      code: 'COMMON__NOT_FOUND',
      details: { what: 'request', id: '7' },
    });
    assert.equal(httpStatusFor(e.code), 404);
  });

  it('wraps unknown throwables as COMMON__INTERNAL, keeping the cause', () => {
    const cause = new TypeError('boom');
    const e = toErrandError(cause);
    assert.equal(e.code, 'COMMON__INTERNAL');
    assert.equal(e.cause, cause);
  });

  it('checks sha256 hex at the boundary', () => {
    assert.ok(isSha256Hex('a'.repeat(64)));
    assert.ok(!isSha256Hex('A'.repeat(64)));
    assert.throws(
      () => assertSha256Hex('xyz'),
      (e) => isErrandError(e, 'COMMON__INVALID_ARGUMENT'),
    );
  });
});
