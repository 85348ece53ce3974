/**
 * The newcomer's commands against a real `errand dev --chain solana` stack, each run as a child
 * process as a user would, with no network flags (everything from <data-dir>/stack.json):
 * `errand request --chain solana --wait` (stages, output, and the money read from the program's
 * settlement event), and `errand secrets encrypt|store|list|delete --chain solana`.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { errand, startDev, type DevProcess } from './helpers/devProcess.ts';
import { requireTools } from '../setup/requireTools.ts';

describe('cli: errand request and secrets --chain solana against errand dev --chain solana', function () {
  before(async function () {
    await requireTools(this, ['bwrap', 'clang-14']);
  });
  this.timeout(600_000);
  let root: string;
  let dev: DevProcess;

  before(async () => {
    root = mkdtempSync(path.join(os.tmpdir(), 'errand-cli-sol-'));
    dev = await startDev(path.join(root, 'sol'), { args: ['--chain', 'solana'] });
  });
  after(async () => {
    await dev?.stop();
    rmSync(root, { recursive: true, force: true });
  });

  it('stack.json describes the local Solana and no NEAR chain', () => {
    const stack = JSON.parse(readFileSync(path.join(dev.dataDir, 'stack.json'), 'utf8'));
    assert.equal(stack.near, undefined);
    assert.match(stack.solana.rpcUrl, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.match(stack.solana.wsUrl, /^ws:\/\/127\.0\.0\.1:\d+$/);
    assert.match(stack.solana.programId, /^[1-9A-HJ-NP-Za-km-z]{32,44}$/);
    assert.equal(JSON.parse(readFileSync(stack.solana.keypairFile, 'utf8')).length, 64);
  });

  it('request --chain solana --wait follows every stage and prints the output and the settlement', async () => {
    const r = await errand(['request', 'examples/c-compute', '--input', '1000 10', '--chain', 'solana', '--wait', '--json', '--data-dir', dev.dataDir]);
    assert.equal(r.code, 0, r.stderr);
    for (const stage of ['requested', 'claimed', 'compiled', 'executed', 'resolved', 'refunded'])
      assert.match(r.stderr, new RegExp(`✓ ${stage}`), `${stage}\n${r.stderr}`);
    const result = JSON.parse(r.stdout);
    assert.equal(result.success, true);
    assert.equal(result.status, 'resolved');
    assert.match(result.output, /^primes=168 checksum=[0-9a-f]{16}/);
    assert.ok(result.fuel > 0);
    assert.ok(BigInt(result.charged) > 0n && BigInt(result.refunded) > 0n);
    assert.equal(BigInt(result.charged) + BigInt(result.refunded), BigInt(result.deposit));
    assert.ok(result.ledgerStatus, 'the coordinator recorded the request');
  });

  it('a NEAR-only command on a Solana-only stack says the stack runs no NEAR chain', async () => {
    const r = await errand(['request', 'examples/c-compute', '--data-dir', dev.dataDir]);
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /runs no NEAR chain/);
  });

  it("secrets encrypt, store, list and delete --chain solana use the stack's program and dev user", async () => {
    const repo = 'https://github.com/example/prog';
    const flags = ['--chain', 'solana', '--data-dir', dev.dataDir];
    const enc = await errand(['secrets', 'encrypt', ...flags, '--repo', repo, '--profile', 'cli', 'API_KEY=not-printed']);
    assert.equal(enc.code, 0, enc.stderr);
    assert.ok(!enc.stdout.includes('not-printed'), 'the plaintext is never printed');
    const envelope = enc.stdout.trim().split('\n').at(-1)!;
    const store = await errand([
      'secrets',
      'store',
      ...flags,
      '--repo',
      repo,
      '--profile',
      'cli',
      '--envelope',
      envelope,
      '--condition',
      '{"type":"AllowAll"}',
    ]);
    assert.equal(store.code, 0, store.stderr);
    assert.match(store.stdout, /^stored secrets: owner \w+ repo https:\/\/github.com\/example\/prog branch \(any branch\) profile cli on \w+$/m);
    const list = await errand(['secrets', 'list', ...flags]);
    assert.equal(list.code, 0, list.stderr);
    assert.match(list.stdout, /: 1\nrepo https:\/\/github.com\/example\/prog branch \(any branch\) profile cli rent \d+/);
    const del = await errand(['secrets', 'delete', ...flags, '--repo', repo, '--profile', 'cli']);
    assert.equal(del.code, 0, del.stderr);
    const rent = /rent: (\d+) lamports/.exec(store.stdout)![1];
    assert.match(del.stdout, new RegExp(`refunded: ${rent} lamports`));
  });
});
