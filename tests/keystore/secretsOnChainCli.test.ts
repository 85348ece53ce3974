/**
 * `errand secrets store|list|delete` against the committed errand.wasm on the local NEAR chain
 * (LocalNear + deploy + `new`, gas price 0 so balances are exact): an envelope from `secrets
 * encrypt` goes on-chain with its condition, is listed, overwritten and deleted with an exact
 * storage refund; flags or env configure the chain and the signer; contract refusals exit 1 with
 * the contract's code; the signing key and the plaintext never appear in the output.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadNearKey } from '../../keystore/client/nearCredentials.ts';
import { MAX_ONCHAIN_ENVELOPE_CHARS } from '../../keystore/client/prepareStoreSecrets.ts';
import { secretsClient, storeSecretsOnChain } from '../../keystore/client/secretsOnChain.ts';
import { bytesToHex } from '../../keystore/envelope/bytes.ts';
import { encryptSecrets } from '../../keystore/envelope/encryptSecrets.ts';
import { NEAR, PRICING } from '../near/contract/support/fixtures.ts';
import { ALICE, CONTRACT, withChain, type ContractDriver } from '../near/contract/support/localDriver.ts';
import { cli } from './cliHarness.ts';
import { testKeyring } from './fixtures.ts';

const CONFIG = { pricing: PRICING, min_stake: (5n * NEAR).toString(), unbonding_period_blocks: 5 };
const REPO = 'https://example.com/app.git';
const PLAINTEXT = 'plaintext-never-printed-9f3a';
const NO_ENV = { NEAR_PRIVATE_KEY: undefined, NEAR_ACCOUNT_ID: undefined, NEAR_RPC_URL: undefined, ERRAND_CONTRACT_ID: undefined };

async function envelopeFor(owner: string, profile: string): Promise<string> {
  const pubkey = bytesToHex(testKeyring().publicKey({ chain: 'near', owner, repo: REPO, branch: null }));
  const r = await cli([
    'secrets',
    'encrypt',
    '--chain',
    'near',
    '--owner',
    owner,
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

/** A NEAR CLI credentials file for `account` in a fresh temp dir; returns its path and a cleanup. */
function credentialsFile(d: ContractDriver, account: string): { path: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'errand-cred-'));
  const path = join(dir, `${account}.json`);
  writeFileSync(path, JSON.stringify({ account_id: account, public_key: d.publicKeyOf(account), private_key: d.near.secretKeyOf(account) }), { mode: 0o600 });
  return { path, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

const field = (lines: string[], name: string): string => {
  const m = new RegExp(`${name}: (\\d+)`).exec(lines.join('\n'));
  assert.ok(m, `no "${name}:" in ${lines.join(' | ')}`);
  return m[1]!;
};

describe('errand secrets store/list/delete on the local NEAR chain', function () {
  this.timeout(60_000);

  it('stores, lists, overwrites and deletes an entry with an exact storage refund; never prints the key or plaintext', () =>
    withChain(CONFIG, async (d) => {
      const cred = credentialsFile(d, ALICE);
      try {
        const near = ['--rpc-url', d.near.rpcUrl, '--contract', CONTRACT, '--key-file', cred.path];
        const envelope = await envelopeFor(ALICE, 'default');
        const before = d.balance(ALICE);
        const condition = JSON.stringify({
          type: 'Logic',
          op: 'OR',
          conditions: [
            { type: 'Whitelist', accounts: [ALICE] },
            { type: 'RequireNftOwnership', contract: 'nft.test', token_id: '7' },
          ],
        });
        const stored = await cli(
          ['secrets', 'store', '--repo', REPO, '--profile', 'default', '--envelope', envelope, '--condition', condition, ...near],
          NO_ENV,
        );
        assert.equal(stored.code, 0, stored.err.join('\n'));
        const deposit = BigInt(field(stored.out, 'storage deposit'));
        assert.ok(deposit > 0n);
        assert.equal(before - d.balance(ALICE), deposit, 'pays exactly the storage deposit; the excess attached came back');

        const onChain = d.view('get_secrets', { owner: ALICE, repo: REPO, branch: null, profile: 'default' }) as Record<string, unknown>;
        assert.equal(onChain.encrypted, envelope);
        assert.deepEqual(onChain.access_condition, JSON.parse(condition), 'token_id reaches the chain in its wire spelling');

        const listed = await cli(['secrets', 'list', '--owner', ALICE, '--rpc-url', d.near.rpcUrl, '--contract', CONTRACT], NO_ENV);
        assert.equal(listed.code, 0, listed.err.join('\n'));
        assert.deepEqual(listed.out, [`secrets of ${ALICE} on ${CONTRACT}: 1`, `repo ${REPO} branch (any branch) profile default storage_deposit ${deposit}`]);

        // Overwrite with a shorter condition: the entry shrinks and the difference comes back.
        const again = await cli(
          ['secrets', 'store', '--repo', REPO, '--profile', 'default', '--envelope', envelope, '--condition', '{"type":"AllowAll"}', ...near],
          NO_ENV,
        );
        assert.equal(again.code, 0, again.err.join('\n'));
        const shrunk = BigInt(field(again.out, 'storage deposit'));
        assert.ok(shrunk < deposit);
        assert.equal(before - d.balance(ALICE), shrunk);

        const deleted = await cli(['secrets', 'delete', '--repo', REPO, '--profile', 'default', ...near], NO_ENV);
        assert.equal(deleted.code, 0, deleted.err.join('\n'));
        assert.equal(BigInt(field(deleted.out, 'refunded')), shrunk);
        await d.until(() => d.balance(ALICE) === before, 20);
        const empty = await cli(['secrets', 'list', '--owner', ALICE, '--rpc-url', d.near.rpcUrl, '--contract', CONTRACT], NO_ENV);
        assert.deepEqual(empty.out, [`secrets of ${ALICE} on ${CONTRACT}: 0`]);

        const everything = [stored, listed, again, deleted, empty].flatMap((r) => [...r.out, ...r.err]).join('\n');
        assert.ok(!everything.includes(d.near.secretKeyOf(ALICE).slice('ed25519:'.length, 30)), 'the signing key is never printed');
        assert.ok(!everything.includes(PLAINTEXT));
      } finally {
        cred.cleanup();
      }
    }));

  it('takes the chain and the signer from NEAR_* env; contract refusals exit 1 with the contract code and cost nothing', () =>
    withChain(CONFIG, async (d) => {
      const env = { NEAR_RPC_URL: d.near.rpcUrl, ERRAND_CONTRACT_ID: CONTRACT, NEAR_ACCOUNT_ID: ALICE, NEAR_PRIVATE_KEY: d.near.secretKeyOf(ALICE) };
      const envelope = await envelopeFor(ALICE, 'ci');
      const before = d.balance(ALICE);
      const tooSmall = await cli(
        ['secrets', 'store', '--repo', REPO, '--profile', 'ci', '--envelope', envelope, '--condition', '{"type":"AllowAll"}', '--deposit', '1'],
        env,
      );
      assert.equal(tooSmall.code, 1);
      assert.match(tooSmall.err.join('\n'), /ERR_INSUFFICIENT_STORAGE_DEPOSIT.*CHAIN__TX_FAILED/);
      await d.until(() => d.balance(ALICE) === before, 20);

      const missing = await cli(['secrets', 'delete', '--repo', REPO, '--profile', 'nothing-here'], env);
      assert.equal(missing.code, 1);
      assert.match(missing.err.join('\n'), /ERR_SECRETS_NOT_FOUND/);

      const ok = await cli(['secrets', 'store', '--repo', REPO, '--profile', 'ci', '--envelope', envelope, '--condition', '{"type":"AllowAll"}'], env);
      assert.equal(ok.code, 0, ok.err.join('\n'));
      assert.match(ok.out[0]!, new RegExp(`owner ${ALICE} repo .* profile ci on ${CONTRACT.replace('.', '\\.')}`));
      const listed = await cli(['secrets', 'list'], env);
      assert.equal(listed.out.length, 2, 'list defaults --owner to NEAR_ACCOUNT_ID');
      for (const r of [tooSmall, missing, ok, listed]) assert.ok(![...r.out, ...r.err].join('\n').includes(env.NEAR_PRIVATE_KEY));
    }));

  it('refuses bad flags and bad keys with exit 2 before sending anything, without echoing the key', () =>
    withChain(CONFIG, async (d) => {
      const envelope = await envelopeFor(ALICE, 'default');
      const near = ['--rpc-url', d.near.rpcUrl, '--contract', CONTRACT, '--account', ALICE];
      const storeArgs = (condition: string, extra: string[] = []) => [
        'secrets',
        'store',
        '--repo',
        REPO,
        '--profile',
        'default',
        '--envelope',
        envelope,
        '--condition',
        condition,
        ...near,
        ...extra,
      ];
      const dir = mkdtempSync(join(tmpdir(), 'errand-badkey-'));
      try {
        const badKeyFile = join(dir, 'bad.json');
        writeFileSync(badKeyFile, '{"private_key":"ed25519:notakey-SECRETISH"}');
        const cases: [string[], Record<string, string | undefined>, RegExp][] = [
          [storeArgs('{"type":"AccountPattern","pattern":"^(?=a).*$"}'), { NEAR_PRIVATE_KEY: d.near.secretKeyOf(ALICE) }, /KEYSTORE__CONDITION_INVALID/],
          [storeArgs('not json'), { NEAR_PRIVATE_KEY: d.near.secretKeyOf(ALICE) }, /--condition must be JSON/],
          [storeArgs('{"type":"AllowAll"}', ['--deposit', '-5']), { NEAR_PRIVATE_KEY: d.near.secretKeyOf(ALICE) }, /--deposit/],
          [storeArgs('{"type":"AllowAll"}', ['--key-file', badKeyFile]), {}, /not an ed25519/],
          [storeArgs('{"type":"AllowAll"}'), { NEAR_PRIVATE_KEY: 'ed25519:SECRETISH-garbage' }, /NEAR_PRIVATE_KEY/],
          [storeArgs('{"type":"AllowAll"}', ['--key-file', join(dir, 'missing.json')]), {}, /cannot be read/],
          [['secrets', 'store', '--repo', REPO, '--envelope', envelope, '--condition', '{}', ...near], {}, /--profile is required/],
          [['secrets', 'delete', '--repo', REPO, '--profile', 'x', '--contract', CONTRACT], { NEAR_RPC_URL: undefined }, /--rpc-url URL or NEAR_RPC_URL/],
          [['secrets', 'list', '--owner', ALICE, '--rpc-url', 'not a url', '--contract', CONTRACT], {}, /not a URL/],
          [['secrets', 'list', '--bogus'], {}, /Unknown option/],
        ];
        const before = d.balance(ALICE);
        for (const [args, env, expected] of cases) {
          const r = await cli(args, { ...NO_ENV, ...env });
          assert.equal(r.code, 2, `${args.join(' ')}: ${r.err.join('\n')}`);
          assert.match(r.err.join('\n'), expected);
          assert.ok(!r.err.join('\n').includes('SECRETISH'), 'a malformed key is never echoed');
        }
        assert.equal(d.balance(ALICE), before);
        assert.deepEqual(d.view('list_user_secrets', { owner: ALICE }), [], 'nothing was stored');
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }));

  it('the deposit bound covers the largest entry the contract accepts (the excess comes back)', () =>
    withChain(CONFIG, async (d) => {
      const repo = `https://example.com/${'r'.repeat(480)}.git`;
      const branch = 'b'.repeat(256);
      const profile = 'p'.repeat(64);
      const scope = { chain: 'near' as const, owner: ALICE, repo, branch };
      const pub = testKeyring().publicKey(scope);
      let envelope = '';
      for (let n = 12_300; envelope === '' || envelope.length > MAX_ONCHAIN_ENVELOPE_CHARS; n -= 20)
        envelope = encryptSecrets(pub, scope, profile, { BIG: 'v'.repeat(n) });
      assert.ok(envelope.length > MAX_ONCHAIN_ENVELOPE_CHARS - 40);
      const accounts = (i: number) => Array.from({ length: 100 }, (_, k) => `acct-${i}-${String(k).padStart(3, '0')}.test`);
      const condition = { type: 'Logic', op: 'OR', conditions: Array.from({ length: 10 }, (_, i) => ({ type: 'Whitelist', accounts: accounts(i) })) };
      const client = secretsClient(
        { rpcUrl: d.near.rpcUrl, contractId: CONTRACT },
        { accountId: ALICE, key: loadNearKey(undefined, { NEAR_PRIVATE_KEY: d.near.secretKeyOf(ALICE) })! },
      );
      const before = d.balance(ALICE);
      const r = await storeSecretsOnChain(client, { owner: ALICE, repo, branch, profile, envelope, condition }, undefined);
      assert.equal(BigInt(r.storageDeposit) + BigInt(r.refunded), r.attached);
      assert.ok(BigInt(r.refunded) > 0n);
      assert.equal(before - d.balance(ALICE), BigInt(r.storageDeposit));
    }));
});
