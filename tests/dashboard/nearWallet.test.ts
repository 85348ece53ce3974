/**
 * The dashboard's NEAR secrets in headless Chromium through a wallet, on a non-dev coordinator
 * serving a local NEAR chain started here (the real errand.wasm). The wallet is the test answering
 * at its domain (https://wallet.test, routed by playwright) as MyNearWallet answers: /login/ sends
 * the user back with account_id; /sign signs the page's transaction with the account's real
 * ed25519 key, sends it to the chain, and sends the user back with transactionHashes. The entry the
 * page encrypted lands in the contract, is listed, and is deleted for its refund the same way; no
 * byte the page sent (the wallet's URLs included) holds the plaintext.
 */
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { x25519 } from '@noble/curves/ed25519.js';
import { KeyPair } from 'near-api-js';
import type { KeyPairString } from '@near-js/crypto';
import type { Page, Route } from 'playwright-core';
import { bytesToHex } from '../../keystore/envelope/bytes.ts';
import { ErrandNearClient, TxSender } from '../../contracts/near/client/index.ts';
import { LocalNear } from '../../contracts/near/local/index.ts';
import { requireTools } from '../setup/requireTools.ts';
import { launchChromium, type Browser } from '../../common/testing/launchChromium.ts';
import { startTestCoordinator, type TestCoordinator } from '../coordinator/helpers/testCoordinator.ts';
import { errandWasm, NEAR } from '../near/local/helpers.ts';

const WALLET = 'https://wallet.test';
const CONTRACT = 'errand.test';
const USER = 'alice.test';

describe('dashboard NEAR secrets through a wallet (MyNearWallet redirect protocol)', function () {
  this.timeout(180_000);
  let near: LocalNear | undefined;
  let c: TestCoordinator | undefined;
  let browser: Browser | undefined;
  let page: Page;
  const secret = `near-s3cr3t-${randomBytes(12).toString('hex')}`;
  const repo = 'https://example.test/near-program';
  const sent: Array<{ url: string; body: string }> = [];
  const signedBy: string[] = [];
  const pageErrors: string[] = [];

  /** The wallet's two pages, answered as MyNearWallet would (a 302 back to the dApp). */
  const wallet = async (route: Route): Promise<void> => {
    const url = new URL(route.request().url());
    const back = (target: string, params: Record<string, string>): Promise<void> => {
      const u = new URL(target);
      for (const [k, v] of Object.entries(params)) u.searchParams.set(k, v);
      return route.fulfill({ status: 302, headers: { location: u.toString() } });
    };
    if (url.pathname === '/login/') return back(url.searchParams.get('success_url')!, { account_id: USER });
    if (url.pathname !== '/sign') return route.fulfill({ status: 404, body: 'no such wallet page' });
    const key = KeyPair.fromString(near!.secretKeyOf(USER) as KeyPairString);
    const hashes: string[] = [];
    for (const b64 of url.searchParams.get('transactions')!.split(',')) {
      const tx = Buffer.from(b64, 'base64');
      signedBy.push(tx.subarray(4, 4 + tx.readUInt32LE(0)).toString('utf8'));
      const { signature } = key.sign(createHash('sha256').update(tx).digest());
      const signedTx = Buffer.concat([tx, Buffer.from([0]), Buffer.from(signature)]);
      const out = await near!.provider.sendJsonRpc<{ transaction: { hash: string } }>('broadcast_tx_commit', [signedTx.toString('base64')]);
      hashes.push(out.transaction.hash);
    }
    return back(url.searchParams.get('callbackUrl')!, { transactionHashes: hashes.join(',') });
  };

  before(async function () {
    await requireTools(this, ['chromium']);
    near = await LocalNear.start({ gasPrice: 0n });
    near.createAccount(CONTRACT, 50n * NEAR);
    near.createAccount('owner.test', 50n * NEAR);
    near.createAccount(USER, 50n * NEAR);
    near.deployContract(CONTRACT, errandWasm());
    const self = new ErrandNearClient(
      CONTRACT,
      near.rpcUrl,
      new TxSender({ provider: near.provider, accountId: CONTRACT, secretKey: near.secretKeyOf(CONTRACT) }),
    );
    await self.call('new', { owner_id: 'owner.test', request_timeout_blocks: 200 });
    c = await startTestCoordinator(
      { DEV_MODE: false, DASHBOARD_NEAR_WALLET_URL: WALLET },
      { dashboard: { near: { contractId: CONTRACT, rpcUrl: near.rpcUrl, client: new ErrandNearClient(CONTRACT, near.rpcUrl) } } },
    );
    browser = await launchChromium();
    page = await browser.context.newPage();
    page.on('pageerror', (e) => pageErrors.push(e.message));
    page.on('request', (r) => sent.push({ url: r.url(), body: r.postData() ?? '' }));
    await page.route(`${WALLET}/**`, wallet);
    const pub = bytesToHex(x25519.getPublicKey(x25519.utils.randomSecretKey()));
    await page.route('**/v1/keystore/pubkey*', (route) =>
      route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify({ publicKey: pub }) }),
    );
  });
  after(async () => {
    await browser?.close();
    await c?.close();
    await near?.close();
  });

  const entries = async (): Promise<Array<{ repo: string }>> => (await near!.view(CONTRACT, 'list_user_secrets', { owner: USER })) as Array<{ repo: string }>;

  /** The create form filled with one secret for USER's whitelist, encrypted, its cost shown. */
  async function fillEntryAndQuote(): Promise<void> {
    await page.getByLabel('Repository').fill(repo);
    await page.getByLabel('Name 1').fill('API_KEY');
    await page.getByLabel('Value 1').fill(secret);
    await page.getByLabel('Accounts', { exact: true }).fill(USER);
    await page.getByRole('button', { name: 'Encrypt and show the cost' }).click();
    await page.getByText(/Storage deposit to attach: up to \d+\.\d+ NEAR/).waitFor({ timeout: 30_000 });
  }

  it('signing without a wallet account says to sign in first', async () => {
    await page.goto(`${c!.url}/#/secrets`);
    await page.getByLabel('Owner account').fill(USER);
    await fillEntryAndQuote();
    await page.getByRole('button', { name: 'Sign and store' }).click();
    await page.getByText('sign in with your NEAR wallet first (COMMON__INVALID_ARGUMENT)').waitFor({ timeout: 15_000 });
  });

  it('signs in, stores an entry the wallet signed, and it is on-chain; only ciphertext left the page', async () => {
    await page.getByRole('button', { name: 'Sign in with your NEAR wallet' }).click();
    await page.getByText(`NEAR wallet: ${USER}`).waitFor({ timeout: 15_000 });
    assert.equal(await page.getByLabel('Owner account').inputValue(), USER);
    assert.equal(new URL(page.url()).search, '', 'the wallet query is removed from the address bar');
    await fillEntryAndQuote();
    await page.getByRole('button', { name: 'Sign and store' }).click();
    await page
      .getByText(/^Stored .* through the NEAR wallet: storage deposit \d+\.\d+ NEAR, refunded \d+\.\d+ NEAR .*\(transaction \w+\)\.$/)
      .waitFor({ timeout: 60_000 });
    assert.deepEqual(signedBy, [USER]);
    assert.deepEqual(
      (await entries()).map((e) => e.repo),
      [repo],
    );
    await page.getByRole('cell', { name: repo, exact: true }).waitFor({ timeout: 15_000 });
    for (const r of sent) assert.ok(!r.body.includes(secret) && !decodeURIComponent(r.url).includes(secret), `plaintext sent to ${r.url.slice(0, 80)}`);
    assert.ok(
      sent.some((r) => r.url.startsWith(`${WALLET}/sign`)),
      'the page went to the wallet to sign',
    );
    assert.deepEqual(pageErrors, []);
  });

  it('deletes the entry through the wallet for its refund', async () => {
    await page.getByRole('button', { name: `Delete ${repo} any branch default` }).click();
    await page.getByText(/^Deleted .* through the NEAR wallet: storage refund \d+\.\d+ NEAR \(transaction \w+\)\.$/).waitFor({ timeout: 60_000 });
    assert.deepEqual(await entries(), []);
    assert.deepEqual(signedBy, [USER, USER]);
    assert.deepEqual(pageErrors, []);
  });
});
