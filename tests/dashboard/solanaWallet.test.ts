/**
 * The dashboard's Solana secrets in headless Chromium, on a non-dev coordinator serving a local
 * Solana started here: a Wallet Standard wallet registered in the page by the test
 * (TestStandardWallet: no browser extension can run here) holds no key in the page; it hands each
 * transaction to the test process, which signs it with a real ed25519 keypair, as a hardware wallet
 * would. The page connects to it, encrypts and quotes an entry, the wallet signs store_secrets, the
 * coordinator relays it, and the entry is on-chain with the page's ciphertext; no byte the page sent
 * holds the plaintext. The page lists the entry (read from the program) and deletes it for its rent.
 * A wallet that can only sign-and-send is shown as unusable, and the relay refuses transactions
 * that are not the program's secrets instructions. The request page shows a Solana request's
 * settlement (charge, refund, rent refund) in SOL, read from its resolve transaction.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { ed25519, x25519 } from '@noble/curves/ed25519.js';
import { Keypair, LAMPORTS_PER_SOL, SystemProgram, Transaction } from '@solana/web3.js';
import type { Page } from 'playwright-core';
import { bytesToHex } from '../../keystore/envelope/bytes.ts';
import { openEnvelope, parseEnvelope } from '../../keystore/envelope/envelope.ts';
import { secretsAssociatedData } from '../../keystore/envelope/scope.ts';
import { decodeSecrets } from '../../keystore/envelope/secretsPlaintext.ts';
import { LocalSolana } from '../../contracts/solana/local/index.ts';
import { requireTools } from '../setup/requireTools.ts';
import { launchChromium, type Browser } from '../../common/testing/launchChromium.ts';
import { startTestCoordinator, type TestCoordinator } from '../coordinator/helpers/testCoordinator.ts';
import { sampleRequest } from '../coordinator/helpers/fixtures.ts';
import { applyChainBatch } from '../../coordinator/watcher/chainBatch.ts';
import { settle } from '../../contracts/solana/client/index.ts';
import { sol } from '../../dashboard/src/format.ts';
import { LIMITS, SOURCE } from '../solana/helpers.ts';

/**
 * Runs in the page before its scripts: registers the two test wallets by the Wallet Standard's
 * window events. Plain JavaScript text (not a function of this file, which tsx would compile with
 * helpers the page does not have).
 */
function registerTestWallets(address: string, publicKey: Uint8Array): string {
  return `(() => {
  const address = ${JSON.stringify(address)};
  const account = { address, publicKey: new Uint8Array(${JSON.stringify(Array.from(publicKey))}), chains: ['solana:localnet'], features: ['solana:signTransaction'] };
  const icon = 'data:image/svg+xml;base64,PHN2Zy8+';
  const signer = {
    name: 'TestStandardWallet', version: '1.0.0', icon, chains: ['solana:localnet'], accounts: [],
    features: {
      'standard:connect': { version: '1.0.0', connect: async () => { signer.accounts = [account]; return { accounts: signer.accounts }; } },
      'solana:signTransaction': {
        version: '1.0.0',
        supportedTransactionVersions: ['legacy', 0],
        signTransaction: (...inputs) => Promise.all(inputs.map(async (i) => {
          if (i.account.address !== address || i.chain !== 'solana:localnet') throw new Error('TestStandardWallet: wrong account or chain');
          return { signedTransaction: new Uint8Array(await window.testWalletSign(Array.from(i.transaction))) };
        })),
      },
    },
  };
  const sendOnly = {
    name: 'TestSendOnlyWallet', version: '1.0.0', icon, chains: ['solana:localnet'], accounts: [],
    features: { 'standard:connect': { version: '1.0.0', connect: async () => ({ accounts: [] }) }, 'solana:signAndSendTransaction': { version: '1.0.0' } },
  };
  const callback = (api) => api.register(signer, sendOnly);
  window.dispatchEvent(new CustomEvent('wallet-standard:register-wallet', { detail: callback }));
  window.addEventListener('wallet-standard:app-ready', (e) => callback(e.detail));
})();`;
}

describe('dashboard Solana secrets through a Wallet Standard wallet', function () {
  this.timeout(180_000);
  let local: LocalSolana | undefined;
  let c: TestCoordinator | undefined;
  let browser: Browser | undefined;
  let page: Page;
  const user = Keypair.generate();
  const keystoreKey = x25519.utils.randomSecretKey();
  const secret = `sol-s3cr3t-${randomBytes(12).toString('hex')}`;
  const repo = 'https://example.test/solana-program';
  const sent: Array<{ url: string; body: string }> = [];
  const signed: string[] = [];
  const pageErrors: string[] = [];

  before(async function () {
    await requireTools(this, ['chromium']);
    local = await LocalSolana.start({ slotMs: 50 });
    const conn = local.connection();
    await conn.confirmTransaction(await conn.requestAirdrop(user.publicKey, 5 * LAMPORTS_PER_SOL), 'confirmed');
    c = await startTestCoordinator(
      { DEV_MODE: false, DASHBOARD_SOLANA_CHAIN: 'solana:localnet' },
      { dashboard: { solana: { programId: local.programId.toBase58(), client: local.client(Keypair.generate()) } } },
    );
    browser = await launchChromium();
    page = await browser.context.newPage();
    page.on('pageerror', (e) => pageErrors.push(e.message));
    page.on('request', (r) => sent.push({ url: r.url(), body: r.postData() ?? '' }));
    // The wallet's key stays in this process: the page's wallet asks here for each signature.
    await page.exposeFunction('testWalletSign', (tx: number[]) => {
      const bytes = Uint8Array.from(tx);
      assert.equal(bytes[0], 1, 'one signature slot');
      const message = bytes.subarray(65);
      signed.push(Buffer.from(message).toString('hex'));
      bytes.set(ed25519.sign(message, user.secretKey.subarray(0, 32)), 1);
      return Array.from(bytes);
    });
    await page.addInitScript(registerTestWallets(user.publicKey.toBase58(), user.publicKey.toBytes()));
    // No keystore runs here: the test serves the scope key, and keeps the secret half to open the envelope.
    const pub = bytesToHex(x25519.getPublicKey(keystoreKey));
    await page.route('**/v1/keystore/pubkey*', (route) =>
      route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify({ publicKey: pub }) }),
    );
  });
  after(async () => {
    await browser?.close();
    await c?.close();
    await local?.stop();
  });

  it('connects TestStandardWallet, stores an entry the wallet signed, and it is on-chain with only ciphertext sent', async () => {
    await page.goto(`${c!.url}/#/secrets`);
    await page.getByLabel('Chain').selectOption('solana');
    assert.equal(await page.getByRole('button', { name: 'Sign in with your NEAR wallet' }).isVisible(), false, 'the NEAR wallet row is hidden');
    assert.equal(await page.getByRole('button', { name: 'Connect TestSendOnlyWallet' }).isDisabled(), true, 'a sign-and-send-only wallet is not offered');
    await page.getByRole('button', { name: 'Connect TestStandardWallet' }).click();
    await page.getByText(`Connected TestStandardWallet: ${user.publicKey.toBase58()}`).waitFor({ timeout: 15_000 });
    assert.equal(await page.getByLabel('Owner account').inputValue(), user.publicKey.toBase58());
    await page.getByText(/has no secrets entries/).waitFor({ timeout: 15_000 });

    await page.getByLabel('Repository').fill(repo);
    await page.getByLabel('Name 1').fill('API_KEY');
    await page.getByLabel('Value 1').fill(secret);
    await page.getByLabel('Accounts', { exact: true }).fill(user.publicKey.toBase58());
    await page.getByRole('button', { name: 'Encrypt and show the cost' }).click();
    const quoted = page.getByText(/Rent to deposit: 0\.\d{9} SOL/);
    await quoted.waitFor({ timeout: 30_000 });
    const rentQuoted = /Rent to deposit: (0\.\d{9}) SOL/.exec((await quoted.textContent()) ?? '')![1]!;
    await page.getByRole('button', { name: 'Sign and store' }).click();
    await page.getByText(/^Stored .* on Solana, signed by TestStandardWallet: transaction \w+\.$/).waitFor({ timeout: 60_000 });
    assert.equal(signed.length, 1, 'the wallet signed once');

    const entry = await local!.client(user).getSecrets(user.publicKey, repo, null, 'default');
    assert.ok(entry, 'the entry is on-chain');
    assert.equal(entry.owner.toBase58(), user.publicKey.toBase58());
    assert.equal(rentQuoted, (Number(entry.lamports) / LAMPORTS_PER_SOL).toFixed(9), 'the quote is the rent the program took');
    assert.deepEqual(JSON.parse(Buffer.from(entry.accessCondition).toString('utf8')), { type: 'Whitelist', accounts: [user.publicKey.toBase58()] });
    // The stored envelope opens with the keystore key, for the Solana scope, to exactly what was typed.
    const ad = secretsAssociatedData({ chain: 'solana', owner: user.publicKey.toBase58(), repo, branch: null }, 'default');
    const plain = openEnvelope(parseEnvelope(Buffer.from(entry.envelope).toString('base64')), keystoreKey, x25519.getPublicKey(keystoreKey), ad);
    assert.deepEqual({ ...decodeSecrets(plain) }, { API_KEY: secret });
    for (const r of sent) assert.ok(!r.body.includes(secret) && !r.url.includes(secret), `plaintext sent to ${r.url}`);
    assert.ok(!signed.some((m) => Buffer.from(m, 'hex').includes(Buffer.from(secret))), 'the signed transaction holds no plaintext');

    // Listed from the program's accounts, in SOL.
    await page.getByRole('cell', { name: repo, exact: true }).waitFor({ timeout: 15_000 });
    await page.getByRole('cell', { name: /^0\.\d{9} SOL$/ }).waitFor();
    assert.deepEqual(pageErrors, []);
  });

  it('deletes the entry for its rent through the wallet', async () => {
    const before = await local!.connection().getBalance(user.publicKey, 'confirmed');
    await page.getByRole('button', { name: `Delete ${repo} any branch default` }).click();
    await page
      .getByText(/^Deleted .* rent refund 0\.\d{9} SOL \(transaction \w+\)\.$/)
      .waitFor({ timeout: 60_000 })
      .catch(async (e: unknown) => {
        throw new Error(`${String(e)}; the page says: ${await page.locator('main').innerText()}`);
      });
    assert.equal(await local!.client(user).getSecrets(user.publicKey, repo, null, 'default'), null, 'the entry is gone');
    assert.ok((await local!.connection().getBalance(user.publicKey, 'confirmed')) > before, 'the rent came back');
    await page.getByText(/has no secrets entries/).waitFor({ timeout: 15_000 });
    assert.deepEqual(pageErrors, []);
  });

  it("the relay refuses a transaction that is not the program's secrets instruction", async () => {
    const conn = local!.connection();
    const { blockhash } = await conn.getLatestBlockhash('confirmed');
    const tx = new Transaction({ feePayer: user.publicKey, recentBlockhash: blockhash }).add(
      SystemProgram.transfer({ fromPubkey: user.publicKey, toPubkey: Keypair.generate().publicKey, lamports: 1_000 }),
    );
    tx.sign(user);
    const res = await fetch(`${c!.url}/v1/dashboard/solana/send`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ transaction: tx.serialize().toString('base64') }),
    });
    assert.equal(res.status, 400);
    const body = (await res.json()) as { code: string; details: { reason: string } };
    assert.equal(body.code, 'CHAIN__INVALID_TRANSACTION');
    assert.equal(body.details.reason, 'not_secrets');
  });

  it("the request page shows a Solana request's settlement in SOL", async () => {
    const conn = local!.connection();
    const worker = Keypair.generate();
    await conn.confirmTransaction(await conn.requestAirdrop(worker.publicKey, 5 * LAMPORTS_PER_SOL), 'confirmed');
    await local!.client(worker).registerWorker(Buffer.alloc(32, 7), Buffer.alloc(32, 9), 1_000_000_000n);
    const client = local!.client(user);
    const req = await client.requestExecution({ source: SOURCE, input: { kind: 'inline', data: Buffer.from('x') }, limits: LIMITS, nonce: 5n });
    const view = (await client.getRequest(req.request))!;
    const used = { instructions: 2_000_000n, timeMs: 500n, compileTimeMs: 0n };
    const res = await local!
      .client(worker)
      .resolveExecution(req.request, user.publicKey, { success: true, resourcesUsed: used, output: { kind: 'inline', data: Buffer.from('ok') }, error: '' });
    const expect = settle(view.pricing, view.limits, view.deposit, view.protocolFeeBps, true, used);
    await applyChainBatch(c!.db, {
      requested: [sampleRequest(Number(req.requestId), { chain: 'solana', contractId: local!.programId.toBase58() })],
      completed: [],
      cursor: null,
    });
    const { rows } = await c!.db.query<{ id: string }>(
      `UPDATE requests SET resolve_tx = $1 WHERE chain = 'solana' AND request_id = $2 RETURNING id::text AS id`,
      [res.signature, req.requestId.toString()],
    );
    await page.goto('about:blank');
    await page.goto(`${c!.url}/#/requests/${rows[0]!.id}`);
    const dd = (term: string) => page.locator(`dt:text-is("${term}") + dd`);
    await dd('On-chain status').filter({ hasText: 'resolved' }).waitFor({ timeout: 15_000 });
    assert.equal(await dd('Charged').textContent(), sol(expect.charged));
    assert.equal(await dd('Refunded').textContent(), sol(expect.refund));
    assert.equal(await dd('Rent refunded').textContent(), sol(view.lamports - view.deposit));
    assert.match((await dd('Fuel').textContent()) ?? '', /^2,000,000 of /);
    assert.deepEqual(pageErrors, []);
  });
});
