/**
 * `errand verify`'s refusals before it reads anything (the checks themselves, match and mismatch,
 * are tests/e2e/http.test.ts): a bad id, no stack to ask (NEAR or Solana), flags of the other chain.
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

  it('--chain solana without a running dev stack or network flags: CLI__NO_DEV_STACK', async () => {
    const r = await errandVerify(['1', '--chain', 'solana', '--data-dir', scratchDir('errand-verify-sol-')]);
    assert.equal(r.code, 1);
    assert.match(r.err, /CLI__NO_DEV_STACK/);
  });

  it('--chain solana with --rpc-url needs --program; Solana flags without --chain solana are refused (exit 2)', async () => {
    const noProgram = await errandVerify(['1', '--chain', 'solana', '--rpc-url', 'http://127.0.0.1:9']);
    assert.equal(noProgram.code, 2);
    assert.match(noProgram.err, /--program/);
    const nearWithProgram = await errandVerify(['1', '--program', '11111111111111111111111111111111']);
    assert.equal(nearWithProgram.code, 2);
    assert.match(nearWithProgram.err, /Solana flags/);
  });

  it('without a running dev stack or network flags: CLI__NO_DEV_STACK', async () => {
    const r = await errandVerify(['1', '--data-dir', scratchDir('errand-verify-')]);
    assert.equal(r.code, 1);
    assert.match(r.err, /CLI__NO_DEV_STACK/);
  });
});
