/**
 * Issue 12, item 1, outputs: stdout is bytes. The capture's text is the UTF-8 reading (U+FFFD for
 * bad bytes); whenever that text does not spell the bytes exactly, the exact bytes ride along as
 * base64 and the `bytes` response format uses them.
 */
import assert from 'node:assert/strict';
import { CappedOutput, newCaptureBuffer, readCapture, spell } from '../../worker/executor/wasi/CappedOutput.ts';
import { toResponse } from '../../worker/loop/toResponse.ts';
import type { ExecutionResult } from '../../common/types/index.ts';

const b64 = (bytes: number[]): string => Buffer.from(bytes).toString('base64');

describe('executor: stdout bytes survive (issue 12)', () => {
  it('gives base64 only when the text is not an exact spelling of the bytes', () => {
    assert.deepEqual(spell(new TextEncoder().encode('héllo\u0000')), { text: 'héllo\u0000' });
    const bad = [0xff, 0x00, 0xfe, 0x80];
    assert.deepEqual(spell(new Uint8Array(bad)), { text: '\ufffd\u0000\ufffd\ufffd', base64: b64(bad) });
    const bom = [0xef, 0xbb, 0xbf, 0x41];
    assert.equal(spell(new Uint8Array(bom)).base64, b64(bom), 'a leading BOM the decoder drops is kept');
  });

  it('a capture read after the writer is gone carries the exact bytes', () => {
    const buffer = newCaptureBuffer(4);
    const out = new CappedOutput(buffer, 4);
    out.write(new Uint8Array([0x41, 0xe2, 0x82, 0xac, 0x42])); // cut inside no char, 1 byte over the cap
    const got = readCapture(buffer);
    assert.deepEqual([got.text, got.base64, got.truncated], ['A€', undefined, true]);
  });

  it('the bytes response format uses the exact bytes', () => {
    const result: ExecutionResult = {
      status: 'ok',
      exitCode: 0,
      fuelUsed: 1,
      timeMs: 1,
      stdout: '\ufffd\u0000',
      stdoutBase64: b64([0xff, 0x00]),
      stderr: '',
      stdoutTruncated: false,
      stderrTruncated: false,
    };
    assert.deepEqual(toResponse(result, 'bytes', 0).output, { format: 'bytes', value: b64([0xff, 0x00]) });
    assert.deepEqual(toResponse({ ...result, stdout: 'ok', stdoutBase64: undefined }, 'bytes', 0).output, { format: 'bytes', value: b64([0x6f, 0x6b]) });
  });

  it('text and json are the exact bytes printed, or WORKER__OUTPUT_NOT_UTF8: never a U+FFFD the program did not print', () => {
    const base: ExecutionResult = { status: 'ok', exitCode: 0, fuelUsed: 1, timeMs: 1, stdout: '', stderr: '', stdoutTruncated: false, stderrTruncated: false };
    const of = (bytes: number[]): ExecutionResult => ({
      ...base,
      ...((s) => ({ stdout: s.text, ...(s.base64 ? { stdoutBase64: s.base64 } : {}) }))(spell(new Uint8Array(bytes))),
    });
    for (const format of ['text', 'json'] as const) {
      const r = toResponse(of([0x22, 0xff, 0x22]), format, 0);
      assert.deepEqual([r.success, r.error?.code], [false, 'WORKER__OUTPUT_NOT_UTF8'], format);
    }
    assert.deepEqual(toResponse(of([0xef, 0xbb, 0xbf, 0x41]), 'text', 0).output, { format: 'text', value: '\ufeffA' }, 'a leading BOM is kept');
    assert.deepEqual(toResponse(of([0x22, 0xc3, 0xa9, 0x22]), 'json', 0).output, { format: 'json', value: '"é"' });
  });
});
