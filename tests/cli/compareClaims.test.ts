/**
 * compareClaims' output check hashes the re-execution over the bytes the chain hashed: an inline
 * value and NEAR's stored output by the value's text (a bytes value's base64), a Solana stored
 * output (`hashed: 'raw'`) by the bytes a bytes value stands for. The end-to-end cases are
 * tests/e2e/verify.test.ts and tests/e2e/solanaVerify.test.ts.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { compareClaims } from '../../cli/verify/compareClaims.ts';
import type { ExecutionResponse } from '../../common/types/index.ts';

const sha256 = (b: Uint8Array | string): string => createHash('sha256').update(b).digest('hex');
const raw = Buffer.from([0xff, 0x00, 0x80, 0x41]);
const b64 = raw.toString('base64');

function rerun(output: { format: 'text' | 'json' | 'bytes'; value: string }): ExecutionResponse {
  return { success: true, output, resourcesUsed: { instructions: 10, timeMs: 1, compileTimeMs: 0 } } as ExecutionResponse;
}
function outputCheck(output: Record<string, unknown>, r: ExecutionResponse) {
  const completed = { success: true, output, resources_used: { instructions: '10' } };
  return compareClaims(completed, r, 100, undefined).find((c) => c.name === 'output')!;
}

describe('compareClaims: the output hash is taken over what the chain hashed', () => {
  it('Solana stored bytes (hashed raw): the decoded bytes match, their base64 text does not', () => {
    assert.ok(outputCheck({ format: 'stored', sha256: sha256(raw), hashed: 'raw' }, rerun({ format: 'bytes', value: b64 })).match);
    const wrong = outputCheck({ format: 'stored', sha256: sha256(b64), hashed: 'raw' }, rerun({ format: 'bytes', value: b64 }));
    assert.equal(wrong.match, false);
    assert.equal(wrong.recomputed, `sha256:${sha256(raw)}`);
  });

  it("NEAR stored bytes (no hashed field): the base64 text's hash, as the contract names it", () => {
    assert.ok(outputCheck({ format: 'stored', sha256: sha256(b64) }, rerun({ format: 'bytes', value: b64 })).match);
    assert.equal(outputCheck({ format: 'stored', sha256: sha256(raw) }, rerun({ format: 'bytes', value: b64 })).match, false);
  });

  it('Solana stored text: raw bytes are the UTF-8 of the text', () => {
    const text = 'héllo\n';
    assert.ok(outputCheck({ format: 'stored', sha256: sha256(Buffer.from(text, 'utf8')), hashed: 'raw' }, rerun({ format: 'text', value: text })).match);
  });

  it('inline values compare by their text (bytes as base64), and a different value mismatches', () => {
    assert.ok(outputCheck({ format: 'bytes', value: b64 }, rerun({ format: 'bytes', value: b64 })).match);
    assert.equal(outputCheck({ format: 'bytes', value: Buffer.from([1]).toString('base64') }, rerun({ format: 'bytes', value: b64 })).match, false);
  });
});
