/**
 * Issue 12, item 1: a request input's two JSON spellings (text for UTF-8 bytes, base64 otherwise)
 * give back the exact bytes, and the NEAR wire refuses a spelling the contract never writes.
 */
import assert from 'node:assert/strict';
import { isCanonicalBase64, requestInputBytes, requestInputFromBytes } from '../../common/types/index.ts';
import { inputFromWire, inputToWire } from '../../contracts/near/client/wire.ts';

describe('request input bytes (issue 12)', () => {
  it('round-trips text, a leading BOM, NUL and bytes that are not UTF-8', () => {
    for (const bytes of [[], [0x41, 0x00], [0xef, 0xbb, 0xbf, 0x41], [0xff, 0x00, 0xfe, 0x80], [0xed, 0xa0, 0x80], [0xc3]]) {
      const spelled = requestInputFromBytes(new Uint8Array(bytes));
      assert.deepEqual([...requestInputBytes(spelled)], bytes, JSON.stringify(spelled));
    }
    assert.deepEqual(requestInputFromBytes(new Uint8Array([0xed, 0xa0, 0x80])), { input: '', inputBase64: '7aCA' }, 'an encoded surrogate is not UTF-8');
    assert.deepEqual(inputToWire(new Uint8Array([0x68, 0x69])), { input: 'hi' });
    assert.deepEqual(inputToWire(new Uint8Array([0xff])), { input_base64: '/w==' });
  });

  it('accepts only canonical base64 from the chain, and only for bytes that are not UTF-8', () => {
    assert.ok(isCanonicalBase64('/wD+gA=='));
    for (const s of ['/w', '/x==', '/w=A', 'a b=', '/w==\n']) assert.equal(isCanonicalBase64(s), false, s);
    assert.deepEqual(inputFromWire({ input: null, input_base64: '/wD+gA==' }), { input: '', inputBase64: '/wD+gA==' });
    assert.deepEqual(inputFromWire({ input: 'x', input_base64: null }), { input: 'x' });
    assert.equal(inputFromWire({ input: null, input_base64: null }), null);
    for (const bad of [{ input_base64: '/x==' }, { input_base64: 'aGk=' }, { input: 'x', input_base64: '/w==' }, { input_base64: 5 }]) {
      assert.throws(() => inputFromWire(bad), /CHAIN__BAD_CONTRACT_DATA|unexpected input_base64/, JSON.stringify(bad));
    }
  });
});
