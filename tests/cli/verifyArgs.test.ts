/**
 * `errand verify`'s refusals before it reads anything (the checks themselves, match and mismatch,
 * are tests/e2e/http.test.ts): a bad id, Solana (not built), no stack to ask.
 */
import assert from 'node:assert/strict';
import { main } from '../../cli/main.ts';
import { scratchDir } from '../setup/scratchDirs.ts';

async function errandVerify(argv: string[]): Promise<{ code: number; err: string }> {
  const err: string[] = [];
  const error = console.error;
  console.error = (...a: unknown[]) => void err.push(a.join(' '));
  try {
    return { code: await main(['verify', ...argv]), err: err.join('\n') };
  } finally {
    console.error = error;
  }
}

describe('errand verify: arguments', () => {
  it('refuses an id that is not a number (exit 2)', async () => {
    const r = await errandVerify(['abc']);
    assert.equal(r.code, 2);
    assert.match(r.err, /COMMON__INVALID_ARGUMENT/);
  });

  it('--chain solana is a coded unfinished error', async () => {
    const r = await errandVerify(['1', '--chain', 'solana']);
    assert.equal(r.code, 1);
    assert.match(r.err, /COMMON__UNFINISHED/);
  });

  it('without a running dev stack or network flags: CLI__NO_DEV_STACK', async () => {
    const r = await errandVerify(['1', '--data-dir', scratchDir('errand-verify-')]);
    assert.equal(r.code, 1);
    assert.match(r.err, /CLI__NO_DEV_STACK/);
  });
});
