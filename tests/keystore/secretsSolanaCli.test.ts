/**
 * `errand secrets encrypt|store|list|delete --chain solana` against the committed errand.so on the
 * local Solana: the envelope from `encrypt` goes on-chain (raw bytes) with its condition, signed
 * with a solana-keygen keypair file, is read back by the keystore's SolanaChainReader, listed and
 * deleted with its rent refunded exactly; bad input exits 2 before anything is paid; the keypair
 * and the plaintext never appear in the output.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Keypair } from '@solana/web3.js';
import { SolanaChainReader } from '../../contracts/solana/client/SolanaChainReader.ts';
import type { LocalSolana } from '../../contracts/solana/local/index.ts';
import { bytesToHex } from '../../keystore/envelope/bytes.ts';
import { balance, funded, startLocal } from '../solana/helpers.ts';
import { scratchDir } from '../setup/scratchDirs.ts';
import { cli } from './cliHarness.ts';
import { testKeyring } from './fixtures.ts';

const REPO = 'https://example.com/sol-app.git';
const PLAINTEXT = 'plaintext-never-printed-sol-77';
const NO_ENV = { SOLANA_RPC_URL: undefined, SOLANA_WS_URL: undefined, ERRAND_SOLANA_PROGRAM_ID: undefined, SOLANA_KEYPAIR: undefined };

describe('errand secrets --chain solana on the local Solana', function () {
  this.timeout(120_000);
  let local: LocalSolana;
  let owner: Keypair;
  let keypairFile: string;
  let flags: string[];

  before(async () => {
    local = await startLocal();
    owner = await funded(local);
    keypairFile = join(scratchDir('errand-solkey-'), 'owner.json');
    writeFileSync(keypairFile, JSON.stringify([...owner.secretKey]), { mode: 0o600 });
    flags = ['--chain', 'solana', '--rpc-url', local.url, '--ws-url', local.wsUrl, '--program', local.programId.toBase58()];
  });
  after(async () => {
    await local.stop();
  });

  async function envelope(profile: string, ownerKey = owner.publicKey.toBase58()): Promise<string> {
    const pubkey = bytesToHex(testKeyring().publicKey({ chain: 'solana', owner: ownerKey, repo: REPO, branch: null }));
    const r = await cli([
      'secrets',
      'encrypt',
      '--chain',
      'solana',
      '--owner',
      ownerKey,
      '--repo',
      REPO,
      '--profile',
      profile,
      '--pubkey',
      pubkey,
      `API_KEY=${PLAINTEXT}`,
    ]);
    assert.equal(r.code, 0, r.err.join('\n'));
    return r.out.at(-1)!;
  }

  it('stores, lists and deletes an entry; the rent comes back exactly; no key or plaintext printed', async () => {
    const env = await envelope('default');
    const condition = JSON.stringify({ type: 'RequireSolBalance', min: '1000' });
    const before = await balance(local, owner.publicKey);
    const stored = await cli(
      ['secrets', 'store', '--repo', REPO, '--profile', 'default', '--envelope', env, '--condition', condition, '--keypair', keypairFile, ...flags],
      NO_ENV,
    );
    assert.equal(stored.code, 0, stored.err.join('\n'));
    const rent = BigInt(/rent: (\d+) lamports/.exec(stored.out.join('\n'))![1]);
    assert.equal(await balance(local, owner.publicKey), before - rent - 5000n);

    const entry = await new SolanaChainReader(local.connection()).getSecrets(local.programId.toBase58(), {
      owner: owner.publicKey.toBase58(),
      repo: REPO,
      branch: null,
      profile: 'default',
    });
    assert.equal(entry?.encrypted, env, 'the keystore reads back exactly the envelope encrypt printed');
    assert.deepEqual(entry?.accessCondition, { type: 'RequireSolBalance', min: '1000' });

    const listed = await cli(['secrets', 'list', '--owner', owner.publicKey.toBase58(), ...flags], NO_ENV);
    assert.equal(listed.code, 0, listed.err.join('\n'));
    assert.ok(
      listed.out.some((l) => l.includes(`repo ${REPO} branch (any branch) profile default rent ${rent}`)),
      listed.out.join('\n'),
    );

    // An existing entry is refused by the program (delete first): exit 1 with its error name.
    const again = await cli(
      ['secrets', 'store', '--repo', REPO, '--profile', 'default', '--envelope', env, '--condition', condition, '--keypair', keypairFile, ...flags],
      NO_ENV,
    );
    assert.equal(again.code, 1);
    assert.match(again.err.join('\n'), /SecretsExist/);

    const mid = await balance(local, owner.publicKey);
    const deleted = await cli(['secrets', 'delete', '--repo', REPO, '--profile', 'default', ...flags], { ...NO_ENV, SOLANA_KEYPAIR: keypairFile });
    assert.equal(deleted.code, 0, deleted.err.join('\n'));
    assert.match(deleted.out.join('\n'), new RegExp(`refunded: ${rent} lamports`));
    assert.equal(await balance(local, owner.publicKey), mid + rent - 5000n);
    const gone = await cli(['secrets', 'delete', '--repo', REPO, '--profile', 'default', '--keypair', keypairFile, ...flags], NO_ENV);
    assert.equal(gone.code, 1);

    const everything = [stored, listed, again, deleted, gone].flatMap((r) => [...r.out, ...r.err]).join('\n');
    assert.ok(!everything.includes(PLAINTEXT));
    assert.ok(!everything.includes(JSON.stringify([...owner.secretKey]).slice(1, 40)));
  });

  it('refuses bad input with exit 2 before anything is paid', async () => {
    const env = await envelope('p2');
    const before = await balance(local, owner.publicKey);
    const store = (over: string[], extra: Record<string, string | undefined> = {}) =>
      cli(['secrets', 'store', '--repo', REPO, '--profile', 'p2', '--envelope', env, '--keypair', keypairFile, ...flags, ...over], { ...NO_ENV, ...extra });
    for (const [args, fragment] of [
      [['--condition', '{"type":"RequireNearBalance","min":"1"}'], 'not a solana condition'],
      [['--condition', '{"type":"Whitelist","accounts":["alice.near"]}'], 'base58'],
      [['--condition', '{"type":"AllowAll"}', '--deposit', '5'], 'rent'],
      [['--condition', '{"type":"AllowAll"}', '--program', 'nope'], 'base58'],
    ] as const) {
      const r = await store([...args]);
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.err.join('\n')}`);
      assert.ok(r.err.join('\n').includes(fragment), `${args.join(' ')}: ${r.err.join('\n')}`);
    }
    const noKey = await cli(['secrets', 'store', '--repo', REPO, '--profile', 'p2', '--envelope', env, '--condition', '{"type":"AllowAll"}', ...flags], NO_ENV);
    assert.equal(noKey.code, 2);
    assert.match(noKey.err.join('\n'), /--keypair/);
    const badOwner = await cli([
      'secrets',
      'encrypt',
      '--chain',
      'solana',
      '--owner',
      'alice.near',
      '--repo',
      REPO,
      '--profile',
      'x',
      '--pubkey',
      '00'.repeat(32),
      'A=b',
    ]);
    assert.equal(badOwner.code, 2);
    // An envelope too large for the program's 1024-byte field is refused locally.
    const big = await cli([
      'secrets',
      'encrypt',
      '--chain',
      'solana',
      '--owner',
      owner.publicKey.toBase58(),
      '--repo',
      REPO,
      '--profile',
      'big',
      '--pubkey',
      bytesToHex(testKeyring().publicKey({ chain: 'solana', owner: owner.publicKey.toBase58(), repo: REPO, branch: null })),
      `A=${'x'.repeat(1200)}`,
    ]);
    assert.match(big.out.join('\n'), /more than the Solana program accepts/);
    const tooBig = await cli(
      [
        'secrets',
        'store',
        '--repo',
        REPO,
        '--profile',
        'big',
        '--envelope',
        big.out.at(-1)!,
        '--condition',
        '{"type":"AllowAll"}',
        '--keypair',
        keypairFile,
        ...flags,
      ],
      NO_ENV,
    );
    assert.equal(tooBig.code, 2, tooBig.err.join('\n'));
    assert.equal(await balance(local, owner.publicKey), before, 'nothing was paid');
  });
});
