/**
 * The contract's own JSON codec, exercised through raw call inputs on the minimal host: malformed
 * or hostile inputs fail with a coded ERR_INVALID_ARGS (never a bare trap), and what the contract
 * writes back parses as the same JSON.
 */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { errorCode } from './support/fixtures.ts';
import { ALICE, ok, setup } from './support/miniSetup.ts';

const raw = (s: string): Uint8Array => new TextEncoder().encode(s);

describe('near contract JSON codec', () => {
  it('rejects malformed inputs with ERR_INVALID_ARGS', () => {
    const h = setup();
    const bad = [
      '{',
      '{"a":}',
      '{"request_id":01}',
      '{"request_id":1,}',
      '[1,2',
      '{"a":"\\x"}',
      '{"a":"\u0001"}',
      'nul',
      '{} x',
      '{"a":1,"a":2}',
      '"\\ud800"',
      '['.repeat(40) + ']'.repeat(40),
    ];
    for (const b of bad) {
      const r = h.call('get_request', raw(b), { predecessor: '', view: true });
      assert.equal(r.ok, false, b);
      assert.equal(errorCode(r.error), 'ERR_INVALID_ARGS', `${b}: ${r.error}`);
    }
    const notUtf8 = h.call('get_request', new Uint8Array([0x7b, 0xff, 0x7d]), { predecessor: '', view: true });
    assert.equal(errorCode(notUtf8.error), 'ERR_INVALID_ARGS');
  });

  it('accepts whitespace, escapes and string request ids', () => {
    const h = setup();
    const r = ok(h.call('get_request', raw(' {\n\t"request_id" : "7" } '), { predecessor: '', view: true }));
    assert.equal(r.value, 'null');
    const esc = ok(h.call('list_user_secrets', raw('{"owner":"\\u0061lice.test.near"}'), { predecessor: '', view: true }));
    assert.equal(esc.value, '[]');
  });

  it('stores any printable input and gives it back byte for byte (property)', () => {
    const h = setup();
    let id = 0;
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 80 }), (input) => {
        const res = h.call(
          'request_execution',
          {
            source: { kind: 'wasm_url', url: 'https://example.com/a.wasm', sha256: 'a'.repeat(64) },
            input,
            resource_limits: { max_instructions: 1, max_memory_mb: 1, max_execution_ms: 1, max_compile_ms: 0 },
          },
          { predecessor: ALICE, deposit: 10n ** 24n },
        );
        assert.ok(res.ok, res.error);
        id += 1;
        const view = JSON.parse(ok(h.call('get_request', { request_id: id }, { predecessor: '', view: true })).value!);
        assert.equal(view.input, input);
      }),
      { numRuns: 60 },
    );
  });
});
