/**
 * The dashboard in headless Chromium (Debian's package, driven by playwright-core) against the whole
 * dev stack: a user stores a secret through the secrets page (encrypted in the browser) and a
 * request that uses it resolves with the HMAC only that secret gives; every byte the page sent is
 * searched for the plaintext; the request's page follows it live to `resolved`; workers, the cost
 * estimator and the delete refund are read back; bad input in every form gets a coded message.
 * Screenshots of each page go to test-output/dashboard/ (gitignored).
 */
import assert from 'node:assert/strict';
import { createHmac, randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import type { DevStack } from '../../cli/dev/startDevStack.ts';
import { prepareDemoProgram } from '../../cli/dev/demoProgram.ts';
import { requireTools } from '../setup/requireTools.ts';
import { scratchDir } from '../setup/scratchDirs.ts';
import { LIMITS, startE2eStack, stepLog } from '../e2e/helpers.ts';
import { launchChromium, type Browser } from '../../common/testing/launchChromium.ts';

/** The browser's document, as the page.evaluate callbacks below use it (they run in the page, not in Node). */
declare const document: {
  documentElement: { scrollWidth: number; clientWidth: number };
  activeElement: { textContent: string | null } | null;
  querySelectorAll(selector: string): ArrayLike<{ outerHTML: string; labels?: ArrayLike<unknown> | null }>;
};

const shots = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../test-output/dashboard');

describe('dashboard in headless Chromium', function () {
  this.timeout(300_000);
  let stack: DevStack | undefined;
  let browser: Browser | undefined;
  let page: Page;
  let url: string;
  let repo: string;
  const secret = `s3cr3t-${randomBytes(12).toString('hex')}`;
  const sent: Array<{ url: string; body: string }> = [];

  /** A fresh load of one page (goto to the same URL with only a hash would keep the old document). */
  const open = async (hash: string): Promise<void> => {
    await page.goto('about:blank');
    await page.goto(`${url}/${hash}`);
  };
  const shot = (name: string): Promise<Buffer> => page.screenshot({ path: path.join(shots, `${name}.png`), fullPage: true });
  /** The text of the alert now showing (waits for one with text; the previous one is gone after a page change). */
  const alertText = async (): Promise<string> => (await page.locator('[role=alert]').filter({ hasText: /\S/ }).first().textContent({ timeout: 15_000 })) ?? '';

  before(async function () {
    await requireTools(this, ['chromium', 'bwrap', 'clang-14']);
    mkdirSync(shots, { recursive: true });
    stack = await startE2eStack(stepLog());
    url = stack.coordinator.url;
    repo = prepareDemoProgram(scratchDir('errand-dash-'), true).repoUrl;
    browser = await launchChromium();
    page = await browser.context.newPage();
    page.on('request', (r) => sent.push({ url: r.url(), body: r.postData() ?? '' }));
  });

  after(async () => {
    await browser?.close();
    await stack?.close();
  });

  it('stores a secret typed in the page; only ciphertext leaves the browser', async () => {
    await open('#/secrets');
    await page.getByLabel('Repository').fill(repo);
    await page.getByLabel('Name 1').fill('HMAC_KEY');
    await page.getByLabel('Value 1').fill(secret);
    await page.getByLabel('Accounts', { exact: true }).fill(stack!.chain.userId);
    await page.getByRole('button', { name: 'Encrypt and show the cost' }).click();
    await page.getByText(/Storage deposit to attach: up to 0\.0\d+ NEAR/).waitFor({ timeout: 30_000 });
    await shot('secrets-quoted');
    await page.getByRole('button', { name: 'Sign and store' }).click();
    await page.getByText(/^Stored .* storage deposit/).waitFor({ timeout: 60_000 });
    await page.getByRole('cell', { name: repo, exact: true }).waitFor();
    await shot('secrets-stored');

    const entries = await stack!.chain
      .clientFor(stack!.chain.userId)
      .view<Array<{ repo: string; profile: string }>>('list_user_secrets', { owner: stack!.chain.userId });
    assert.deepEqual(
      entries.map((e) => [e.repo, e.profile]),
      [[repo, 'default']],
    );
    const store = sent.find((s) => s.url.endsWith('/v1/dashboard/dev/secrets'));
    assert.ok(store, 'the page sent the entry to be signed');
    assert.match((JSON.parse(store.body) as { envelope: string }).envelope, /^[A-Za-z0-9+/]+=*$/);
  });

  it('a request using that secret is followed live on its page to resolved, with the output only the secret gives', async () => {
    await open('#/requests');
    await page.getByRole('heading', { name: 'Requests' }).waitFor();
    // A marker on the document: still there at the end means the page never reloaded.
    await page.evaluate(() => Object.assign(globalThis, { sameDocument: true }));
    const client = stack!.chain.clientFor(stack!.chain.userId);
    const input = 'hello from the dashboard';
    const deposit = await client.estimateCost(LIMITS, undefined, { inputBytes: Buffer.byteLength(input) });
    const { requestId } = await client.requestExecution(
      {
        source: { kind: 'git', repo, commit: 'main', target: 'wasm32-wasip1' },
        input,
        limits: LIMITS,
        secretsRef: { owner: stack!.chain.userId, profile: 'default' },
      },
      deposit,
    );
    // The list learns of it without a reload (SSE), then its page follows it.
    await page.getByRole('link', { name: `#${requestId}` }).click({ timeout: 30_000 });
    await page.locator('[data-status]').first().waitFor();
    await shot('request-live');
    await page.locator('[data-status="resolved"], [data-status="failed"]').waitFor({ timeout: 240_000 });
    assert.equal(await page.locator('[data-status]').first().getAttribute('data-status'), 'resolved', (await page.locator('main').textContent()) ?? '');
    assert.equal(await page.evaluate(() => (globalThis as { sameDocument?: boolean }).sameDocument), true, 'no reload happened');
    const expected = createHmac('sha256', secret).update(input).digest('hex');
    assert.equal((await page.getByTestId('output-text').textContent())?.trim(), expected);
    assert.match((await page.getByTestId('output-hex').textContent()) ?? '', /^[0-9a-f]{2}( [0-9a-f]{2})+$/);
    await page.getByText(/^Refunded$/).waitFor();
    assert.match((await page.locator('dd', { hasText: /NEAR$/ }).last().textContent()) ?? '', /NEAR/);
    await page.getByText(/^Build (done|failed)\./).waitFor({ timeout: 30_000 });
    await shot('request-resolved');
  });

  it('no plaintext secret left the browser in any request it made', () => {
    assert.ok(sent.length > 10, `the page made requests (${sent.length})`);
    const forms = [secret, encodeURIComponent(secret), Buffer.from(secret).toString('base64'), Buffer.from(secret).toString('hex')];
    for (const s of sent) for (const f of forms) assert.ok(!s.url.includes(f) && !s.body.includes(f), `plaintext sent to ${s.url}`);
  });

  it('lists workers with stake, attestation kind, heartbeat and recent results', async () => {
    await open('#/workers');
    const row = page.getByRole('row', { name: new RegExp(stack!.chain.workerIds[0]!.replace('.', '\\.')) });
    await row.waitFor({ timeout: 15_000 });
    const text = (await row.textContent()) ?? '';
    assert.match(text, /\d+\.\d{6} NEAR/);
    assert.match(text, /ed25519/);
    assert.match(text, /execute done/);
    await shot('workers');
  });

  it('estimates a cost that equals the contract estimate_cost', async () => {
    await open('#/estimate');
    await page.getByLabel('Fuel (instructions)').fill(String(LIMITS.maxInstructions));
    await page.getByLabel('Memory (MiB)').fill(String(LIMITS.maxMemoryMb));
    await page.getByLabel('Execution time (ms)').fill(String(LIMITS.maxExecutionMs));
    await page.getByLabel('Compile time (ms)').fill(String(LIMITS.maxCompileMs));
    await page.getByRole('button', { name: 'Estimate' }).click();
    const chainCost = await stack!.chain.clientFor(stack!.chain.userId).estimateCost(LIMITS, undefined, { inputBytes: 0 });
    await page.getByTestId('estimate').getByText(`(${chainCost} yoctoNEAR)`).waitFor({ timeout: 15_000 });
    await shot('estimate');
  });

  it('bad input in every form gets a clear coded message', async () => {
    await open('#/estimate');
    await page.getByLabel('Fuel (instructions)').fill('lots');
    await page.getByRole('button', { name: 'Estimate' }).click();
    assert.match(await alertText(), /Fuel \(instructions\): enter a whole number .*COMMON__INVALID_ARGUMENT/);
    await shot('estimate-bad-input');

    await open('#/requests');
    await page.getByLabel('Requester').fill('x'.repeat(300));
    assert.match(await alertText(), /requester.*COMMON__INVALID_ARGUMENT/);
    await shot('requests-bad-filter');

    await open('#/secrets');
    await page.getByLabel('Owner account').fill('Not An Account!');
    await page.getByRole('button', { name: 'List' }).click();
    assert.match(await alertText(), /owner.*NEAR account id.*COMMON__INVALID_ARGUMENT/);

    await open('#/secrets');
    const create = page.getByRole('button', { name: 'Encrypt and show the cost' });
    const cases: Array<[string, () => Promise<void>, RegExp]> = [
      ['no repository', async () => undefined, /repo must be 1-512 printable.*KEYSTORE__SCOPE_INVALID/],
      [
        'bad secret name',
        async () => {
          await page.getByLabel('Repository').fill(repo);
          await page.getByLabel('Name 1').fill('1-bad name');
          await page.getByLabel('Value 1').fill('v');
        },
        /secret 1: the name must match .*KEYSTORE__SECRETS_INVALID/,
      ],
      [
        'empty whitelist',
        async () => {
          await page.getByLabel('Name 1').fill('GOOD_NAME');
        },
        /invalid access condition.*KEYSTORE__CONDITION_INVALID/,
      ],
      [
        'unanchored pattern',
        async () => {
          await page.getByLabel('Who may use these secrets').selectOption('AccountPattern');
          await page.getByLabel('Pattern').fill('.*');
        },
        /invalid access condition.*anchored.*KEYSTORE__CONDITION_INVALID/,
      ],
    ];
    for (const [name, setup, expected] of cases) {
      await setup();
      await create.click();
      const said = await alertText();
      assert.match(said, expected, `${name}: ${said}`);
    }
    await shot('secrets-bad-input');
    // Nothing reached the chain from those attempts: still exactly the one entry.
    const entries = await stack!.chain.clientFor(stack!.chain.userId).view<unknown[]>('list_user_secrets', { owner: stack!.chain.userId });
    assert.equal(entries.length, 1);
  });

  it('every page: each control has a label, the nav works from the keyboard, and it fits a phone screen', async () => {
    for (const hash of ['#/requests', '#/workers', '#/secrets', '#/estimate']) {
      await open(hash);
      await page.locator('main h2').waitFor();
      await page.waitForLoadState('networkidle').catch(() => undefined);
      const unlabelled = await page.evaluate(() =>
        Array.from(document.querySelectorAll('input, select, textarea'))
          .filter((el) => el.labels?.length === 0)
          .map((el) => el.outerHTML.slice(0, 80)),
      );
      assert.deepEqual(unlabelled, [], `${hash}: controls without a label`);
    }
    await open('#/requests');
    await page.locator('main h2').waitFor();
    // A route change moves focus into <main>; start from the first nav link and walk the header with the keyboard.
    await page.focus('nav a[href="#/requests"]');
    await page.keyboard.press('Shift+Tab'); // the skip link comes first
    assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Skip to content');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Workers');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Workers' }).waitFor();
    await page.setViewportSize({ width: 390, height: 844 });
    try {
      for (const hash of ['#/secrets', '#/requests']) {
        await open(hash);
        await page.locator('main h2').waitFor();
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        await shot(`phone-${hash.slice(2)}`);
        assert.ok(overflow <= 0, `${hash} scrolls sideways on a phone by ${overflow}px`);
        await shot(`phone-${hash.slice(2)}`);
      }
    } finally {
      await page.setViewportSize({ width: 1000, height: 800 });
    }
  });

  it('deletes the entry and shows its storage refund', async () => {
    await open('#/secrets');
    await page.getByRole('button', { name: /^Delete / }).click({ timeout: 15_000 });
    await page.getByText(/^Deleted .* storage refund 0\.0\d+ NEAR/).waitFor({ timeout: 60_000 });
    await page.getByText(`${stack!.chain.userId} has no secrets entries.`).waitFor({ timeout: 15_000 });
    await shot('secrets-deleted');
  });
});
