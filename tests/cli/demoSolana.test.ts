/**
 * `npm run demo -- --chain solana` as a user runs it: the secret-using demo on the local Solana
 * (secret stored on the Errand program, granted by the keystore after it read the entry and the
 * request from the program, HMAC output read back from the settlement event), exit 0 only when the
 * on-chain result is right.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { requireTools } from '../setup/requireTools.ts';

const exec = promisify(execFile);

describe('cli: npm run demo -- --chain solana', function () {
  before(async function () {
    await requireTools(this, ['bwrap', 'clang-14']);
  });
  this.timeout(600_000);

  it('stores a secret on Solana, runs the HMAC program with it, exits 0 on the right on-chain result', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'errand-demo-solana-'));
    try {
      // exec rejects on a non-zero exit: reaching the assertions means exit 0.
      const { stdout } = await exec('npm', ['run', '--silent', 'demo', '--', '--chain', 'solana', '--data-dir', dataDir], {
        timeout: 500_000,
        maxBuffer: 8 * 1024 * 1024,
      });
      const lines = stdout.trim().split('\n');
      assert.ok(
        lines.some((l) => l.startsWith('program: c-hmac-secret')),
        stdout,
      );
      assert.ok(
        lines.some((l) => /^secret: {2}HMAC_KEY stored encrypted on-chain for \w+ \(rent /.test(l)),
        stdout,
      );
      assert.ok(lines.includes('  · secrets {"granted":1}'), stdout);
      assert.ok(
        lines.some((l) => /^result: {2}"[0-9a-f]{64}\\n"$/.test(l)),
        stdout,
      );
      assert.ok(lines.includes('demo: the result matches the expected output'), stdout);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
