/**
 * The dashboard in headless Chromium against a coordinator of a real network (not `errand dev`: no
 * dev signer, an explorer configured). Storing a secret encrypts and quotes as usual, then the
 * wallet step, with no wallet signed in, shows a coded message saying to sign in (nearWallet.test.ts
 * signs through one) instead of crashing the page; the request page links the request's transaction to the explorer and says
 * there is no HTTP transcript. The keystore's public key is served by the test (a real X25519 key
 * made here: no keystore runs in this test), everything else by the coordinator.
 */
import assert from 'node:assert/strict';
import { x25519 } from '@noble/curves/ed25519.js';
import type { Page } from 'playwright-core';
import { bytesToHex } from '../../keystore/envelope/bytes.ts';
import { applyChainBatch } from '../../coordinator/watcher/chainBatch.ts';
import { requireTools } from '../setup/requireTools.ts';
import { launchChromium, type Browser } from '../../common/testing/launchChromium.ts';
import { startTestCoordinator, type TestCoordinator } from '../coordinator/helpers/testCoordinator.ts';
import { sampleRequest } from '../coordinator/helpers/fixtures.ts';

describe('dashboard in headless Chromium on a non-dev coordinator', function () {
  this.timeout(120_000);
  let c: TestCoordinator | undefined;
  let browser: Browser | undefined;
  let page: Page;
  const pageErrors: string[] = [];

  before(async function () {
    await requireTools(this, ['chromium']);
    c = await startTestCoordinator({ DEV_MODE: false, DASHBOARD_EXPLORER_NEAR: 'https://explorer.example/txns/{hash}' });
    browser = await launchChromium();
    page = await browser.context.newPage();
    page.on('pageerror', (e) => pageErrors.push(e.message));
    const pub = bytesToHex(x25519.getPublicKey(x25519.utils.randomSecretKey()));
    await page.route('**/v1/keystore/pubkey*', (route) =>
      route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify({ publicKey: pub }) }),
    );
  });
  after(async () => {
    await browser?.close();
    await c?.close();
  });

  it('the wallet step without a signed-in wallet shows a coded message, and the page keeps working', async () => {
    await page.goto(`${c!.url}/#/secrets`);
    await page.getByText('Transactions are signed with your wallet.', { exact: false }).waitFor({ timeout: 30_000 });
    await page.getByLabel('Owner account').fill('alice.testnet');
    await page.getByLabel('Repository').fill('https://example.test/program');
    await page.getByLabel('Name 1').fill('API_KEY');
    await page.getByLabel('Value 1').fill('not-a-real-secret');
    await page.getByLabel('Accounts', { exact: true }).fill('alice.testnet');
    await page.getByRole('button', { name: 'Encrypt and show the cost' }).click();
    await page.getByText(/Storage deposit to attach: up to \d+\.\d+ NEAR/).waitFor({ timeout: 30_000 });
    await page.getByRole('button', { name: 'Sign and store' }).click();
    const message = page.getByText(/\(COMMON__INVALID_ARGUMENT\)$/);
    await message.waitFor({ timeout: 15_000 });
    assert.equal(await message.textContent(), 'sign in with your NEAR wallet first (COMMON__INVALID_ARGUMENT)');
    assert.equal(await page.getByRole('button', { name: 'Sign in with your NEAR wallet' }).count(), 1);
    assert.equal(await page.getByRole('button', { name: 'Sign and store' }).isEnabled(), true, 'the button is usable again');
    assert.deepEqual(pageErrors, [], 'no uncaught error in the page');
  });

  it('the request page links the request transaction to the explorer and has no transcript', async () => {
    const receipt = 'FdLqBvVkn1Qm3Zc8xyfxu2HCGJqkR8vYq5w7DzT1uQ3p';
    await applyChainBatch(c!.db, { requested: [sampleRequest(41, { requestTx: receipt })], completed: [], cursor: null });
    const { rows } = await c!.db.query<{ id: string }>(`SELECT id::text AS id FROM requests WHERE request_id = '41'`);
    await page.goto('about:blank');
    await page.goto(`${c!.url}/#/requests/${rows[0]!.id}`);
    const link = page.getByRole('link', { name: receipt });
    await link.waitFor({ timeout: 15_000 });
    assert.equal(await link.getAttribute('href'), `https://explorer.example/txns/${receipt}`);
    assert.match((await page.getByTestId('transcript').textContent()) ?? '', /None: no HTTP transcript/);
    assert.deepEqual(pageErrors, []);
  });
});
