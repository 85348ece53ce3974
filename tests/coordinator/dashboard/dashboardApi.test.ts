/**
 * The dashboard's server half without a browser: the page and its assets (built in memory by
 * esbuild, gzipped, locked down by CSP), the public reads under /v1/dashboard with their coded
 * errors, the secrets quote, and the dev signing routes refused when no dev signer is configured.
 */
import assert from 'node:assert/strict';
import { gunzipSync } from 'node:zlib';
import { x25519 } from '@noble/curves/ed25519.js';
import { encryptSecrets } from '../../../keystore/envelope/encryptSecrets.ts';
import { bytesToHex } from '../../../keystore/envelope/bytes.ts';
import { startTestCoordinator, type TestCoordinator } from '../helpers/testCoordinator.ts';
import { sampleRequest } from '../helpers/fixtures.ts';

describe('dashboard: page and API', function () {
  this.timeout(60_000);
  let c: TestCoordinator;
  before(async () => {
    c = await startTestCoordinator({ AUTH_ENABLED: true, COORDINATOR_ADMIN_TOKEN: 'admin-token-0123456789' });
  });
  after(async () => {
    await c.close();
  });

  const get = (path: string, init?: RequestInit) => fetch(`${c.url}${path}`, init);
  const json = async (res: Response) => ({ status: res.status, body: (await res.json()) as Record<string, unknown> });
  const post = (path: string, body: unknown) =>
    fetch(`${c.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

  it('GET / serves the page with its hashed script and stylesheet, gzipped, with nothing allowed from elsewhere', async () => {
    const page = await get('/', { headers: { 'accept-encoding': 'gzip' } });
    assert.equal(page.status, 200);
    assert.match(page.headers.get('content-security-policy') ?? '', /default-src 'none'; script-src 'self'/);
    const html = await page.text();
    const script = /src="(\/dashboard\/app-[0-9a-f]{16}\.js)"/.exec(html)?.[1];
    const style = /href="(\/dashboard\/app-[0-9a-f]{16}\.css)"/.exec(html)?.[1];
    assert.ok(script && style, html);
    assert.ok(!/https?:\/\//.test(html), 'no external URL in the page');
    const js = await fetch(`${c.url}${script}`, { headers: { 'accept-encoding': 'identity' } });
    assert.equal(js.headers.get('content-type'), 'text/javascript; charset=utf-8');
    assert.match(js.headers.get('cache-control') ?? '', /immutable/);
    const code = await js.text();
    assert.ok(code.includes('errand/keystore/envelope/v1'), 'the envelope code is in the bundle');
    assert.ok(!/\bimport\s*\(?["']https?:/.test(code), 'no remote import');
    const raw = await new Promise<Buffer>((resolve, reject) => {
      import('node:http').then(
        ({ get: httpGet }) =>
          httpGet(`${c.url}${script}`, { headers: { 'accept-encoding': 'gzip' } }, (res) => {
            const parts: Buffer[] = [];
            res
              .on('data', (d: Buffer) => parts.push(d))
              .on('end', () => resolve(Buffer.concat(parts)))
              .on('error', reject);
          }),
        reject,
      );
    });
    assert.equal(gunzipSync(raw).toString(), code);
    assert.equal((await get('/dashboard/app-0000000000000000.js')).status, 404);
  });

  it('reads need no token; filters are checked and coded', async () => {
    const config = await json(await get('/v1/dashboard/config'));
    assert.equal(config.status, 200);
    assert.deepEqual(config.body.signing, { kind: 'wallet' });
    await c.admin.createRequest(sampleRequest(1, { senderId: 'bob.test' }));
    await c.admin.createRequest(sampleRequest(2, { senderId: 'carol.test' }));
    const all = await json(await get('/v1/dashboard/requests'));
    assert.equal((all.body.requests as unknown[]).length, 2);
    const bob = await json(await get('/v1/dashboard/requests?requester=bob.test&status=new&chain=near'));
    assert.deepEqual(
      (bob.body.requests as Array<{ senderId: string; display: string }>).map((r) => [r.senderId, r.display]),
      [['bob.test', 'new']],
    );
    const none = await json(await get('/v1/dashboard/requests?status=resolved'));
    assert.deepEqual(none.body.requests, []);
    const bad = await json(await get('/v1/dashboard/requests?status=done'));
    assert.equal(bad.status, 400);
    assert.equal(bad.body.code, 'COMMON__INVALID_ARGUMENT');
    assert.equal((await json(await get('/v1/dashboard/requests/not-a-uuid'))).body.code, 'COORDINATOR__REQUEST_NOT_FOUND');
    assert.equal((await get('/v1/requests')).status, 401, 'the rest of /v1 still needs a token');
  });

  it('chain reads say what is missing: no NEAR RPC configured (503), no Solana RPC configured (503), a NEAR id is no Solana owner (400)', async () => {
    const near = await json(await get('/v1/dashboard/estimate?maxInstructions=1000&maxMemoryMb=64&maxExecutionMs=1000&maxCompileMs=1000'));
    assert.deepEqual([near.status, near.body.code], [503, 'COMMON__UNAVAILABLE']);
    const sol = await json(await get('/v1/dashboard/secrets?chain=solana&owner=11111111111111111111111111111111'));
    assert.deepEqual([sol.status, sol.body.code], [503, 'COMMON__UNAVAILABLE']);
    const notSolana = await json(await get('/v1/dashboard/secrets?chain=solana&owner=alice.test'));
    assert.deepEqual([notSolana.status, notSolana.body.code], [400, 'COMMON__INVALID_ARGUMENT']);
    const bad = await json(await get('/v1/dashboard/estimate?maxInstructions=lots&maxMemoryMb=64&maxExecutionMs=1000&maxCompileMs=1000'));
    assert.deepEqual([bad.status, bad.body.code], [400, 'COMMON__INVALID_ARGUMENT']);
  });

  it('quotes a storage deposit for an envelope and condition; refuses plaintext, bad conditions and dev signing without a dev signer', async () => {
    const pub = bytesToHex(x25519.getPublicKey(x25519.utils.randomSecretKey()));
    const entry = { owner: 'alice.test', repo: 'https://example.test/r', branch: null, profile: 'default' };
    const envelope = encryptSecrets(pub, { chain: 'near', ...entry }, 'default', { API_KEY: 'v' });
    const quote = await json(await post('/v1/dashboard/secrets/quote', { ...entry, envelope, condition: { type: 'Whitelist', accounts: ['alice.test'] } }));
    assert.equal(quote.status, 200, JSON.stringify(quote.body));
    assert.ok(BigInt(quote.body.depositYocto as string) > 0n);
    const plaintext = await json(
      await post('/v1/dashboard/secrets/quote', { ...entry, envelope: JSON.stringify({ API_KEY: 'v' }), condition: { type: 'AllowAll' } }),
    );
    assert.deepEqual([plaintext.status, plaintext.body.code], [400, 'KEYSTORE__ENVELOPE_INVALID']);
    const cond = await json(await post('/v1/dashboard/secrets/quote', { ...entry, envelope, condition: { type: 'AccountPattern', pattern: '.*' } }));
    assert.deepEqual([cond.status, cond.body.code], [400, 'KEYSTORE__CONDITION_INVALID']);
    const dev = await json(await post('/v1/dashboard/dev/secrets', { ...entry, envelope, condition: { type: 'AllowAll' } }));
    assert.deepEqual([dev.status, dev.body.code], [403, 'COORDINATOR__FORBIDDEN']);
  });
});
