/**
 * A program that exits non-zero keeps what it printed in the on-chain error, and no output, however
 * hostile (control characters, lone surrogates, megabytes), makes a message the contract refuses
 * (at most 512 bytes of UTF-8, no control characters but newline and tab).
 */
import assert from 'node:assert/strict';
import type { ExecutionResult } from '../../../common/types/index.ts';
import { chainMessage } from '../../../common/text/chainMessage.ts';
import { exitMessage, tailBytes } from '../../../worker/loop/exitMessage.ts';
import { toResponse } from '../../../worker/loop/toResponse.ts';

const fitsContract = (s: string): boolean =>
  Buffer.byteLength(s) <= 512 && ![...s].some((c) => /\p{Cc}/u.test(c) && c !== '\n' && c !== '\t') && s === Buffer.from(s, 'utf8').toString('utf8');

function exited(stdout: string, stderr: string): ExecutionResult {
  return { status: 'exit_nonzero', exitCode: 3, stdout, stderr, stdoutTruncated: false, stderrTruncated: false, fuelUsed: 10, timeMs: 1.2 } as ExecutionResult;
}

describe('worker: failed programs keep their output in the on-chain error', () => {
  it('a non-zero exit carries the tail of stdout and of stderr', () => {
    const r = toResponse(exited('working...\nERROR: price feed said 503\n', 'panicked at main.rs:3\n'), 'text', 5);
    assert.equal(r.success, false);
    assert.equal(r.error?.code, 'EXECUTOR__EXIT_NONZERO');
    assert.match(r.error!.message, /^exit code 3; stdout: .*price feed said 503/s);
    assert.match(r.error!.message, /stderr: panicked at main\.rs:3/);
    assert.ok(fitsContract(r.error!.message));
  });

  it('hostile output is cleaned and cut to what the contract accepts', () => {
    const hostile = `${'é'.repeat(5000)}\u0000\u001b[31m\ud800 end`;
    for (const [out, err] of [
      [hostile, hostile],
      ['', hostile],
      [hostile, ''],
      ['🙂'.repeat(400), '\u0085'.repeat(900)],
    ] as const) {
      const m = exitMessage(1, out, err);
      assert.ok(fitsContract(m), JSON.stringify(m.slice(0, 80)));
      assert.ok(m.startsWith('exit code 1'));
    }
    assert.match(exitMessage(1, hostile, ''), /\? end$|\ufffd end$/);
  });

  it('cuts on code point boundaries', () => {
    assert.ok(Buffer.byteLength(chainMessage('🙂'.repeat(200))) <= 512);
    assert.equal(tailBytes('a🙂', 4), '🙂');
    assert.equal(tailBytes('a🙂', 3), '');
  });
});
