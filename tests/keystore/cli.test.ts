import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { promisify } from 'node:util';
import { trackResource } from '../../common/testing/leaks.ts';
import { parseEnvelope } from '../../keystore/envelope/envelope.ts';
import { encryptSecrets } from '../../keystore/envelope/encryptSecrets.ts';
import { bytesToHex } from '../../keystore/envelope/bytes.ts';
import { defaultKeystoreSettings } from '../../keystore/config.ts';
import { startKeystore } from '../../keystore/service/startKeystore.ts';
import { cli } from './cliHarness.ts';
import { MASTER_HEX, REPO, capturedLogger, scope, testKeyring } from './fixtures.ts';

const keyring = testKeyring();
const pubkeyHex = bytesToHex(keyring.publicKey(scope({ branch: 'main' })));
const base = ['secrets', 'encrypt', '--chain', 'near', '--owner', 'alice.near', '--repo', REPO, '--branch', 'main', '--profile', 'default'];

describe('errand secrets / errand keystore CLI', () => {
  it('encrypt --pubkey prints an envelope the keystore opens for that scope as the last line', async () => {
    const { code, out } = await cli([...base, '--pubkey', pubkeyHex, 'API_KEY=s3cr=t', 'EMPTY=']);
    assert.equal(code, 0);
    const secrets = keyring.openSecrets(parseEnvelope(out[out.length - 1]), scope({ branch: 'main' }), 'default');
    assert.deepEqual({ ...secrets }, { API_KEY: 's3cr=t', EMPTY: '' });
    assert.ok(!out.slice(0, -1).join('\n').includes('s3cr=t'), 'value never printed');
  });

  it('refuses a malformed key or KEY=VALUE pair with exit 2, without echoing the value', async () => {
    for (const args of [
      [...base, '--pubkey', 'abcd', 'A=1'],
      [...base, '--pubkey', 'zz'.repeat(32), 'A=1'],
      [...base, '--pubkey', pubkeyHex, 'NOEQUALS'],
      [...base, '--pubkey', pubkeyHex, '1BAD=hunter2'],
      [...base, '--pubkey', pubkeyHex, 'A=1', 'A=2'],
      [...base, '--pubkey', pubkeyHex],
      ['secrets', 'encrypt', '--chain', 'near', '--owner', 'alice.near', '--repo', REPO, '--profile', 'bad profile', '--pubkey', pubkeyHex, 'A=1'],
      ['secrets', 'encrypt', '--chain', 'eth', '--owner', 'alice.near', '--repo', REPO, '--profile', 'p', '--pubkey', pubkeyHex, 'A=1'],
    ]) {
      const { code, err } = await cli(args);
      assert.equal(code, 2, args.join(' '));
      assert.ok(!err.join('\n').includes('hunter2'));
    }
  });

  it('fetches the scope public key from the coordinator proxy (GET /v1/keystore/pubkey)', async () => {
    const ks = await startKeystore({ ...defaultKeystoreSettings({ masterSecret: { value: MASTER_HEX } }), contracts: [], log: capturedLogger([]) });
    const seen: string[] = [];
    // A stand-in for the coordinator: proxies only the public-key endpoint with the same query.
    const proxy: Server = createServer((req, res) => {
      seen.push(req.url ?? '');
      const query = (req.url ?? '').split('?')[1] ?? '';
      if (!req.url?.startsWith('/v1/keystore/pubkey')) return void res.writeHead(404).end();
      // A keystore that does not answer becomes a 502, as from the real proxy, not an unhandled rejection.
      fetch(`${ks.url}/v1/pubkey?${query}`)
        .then(async (r) => res.writeHead(r.status, { 'content-type': 'application/json' }).end(await r.text()))
        .catch(() => res.writeHead(502).end());
    });
    await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
    const untrack = trackResource('test coordinator proxy');
    try {
      const url = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
      const { code, out } = await cli([...base, '--coordinator', url, 'TOKEN=abc']);
      assert.equal(code, 0);
      assert.ok(out.some((l) => l.includes(pubkeyHex)));
      assert.equal(keyring.openSecrets(parseEnvelope(out.at(-1)), scope({ branch: 'main' }), 'default').TOKEN, 'abc');
      assert.match(seen[0]!, /chain=near&owner=alice.near&repo=.*&branch=main/);
      const down = await cli([...base, '--coordinator', 'http://127.0.0.1:1', 'TOKEN=abc']);
      assert.equal(down.code, 1);
      assert.match(down.err.join('\n'), /COMMON__UNAVAILABLE/);
    } finally {
      await new Promise((r) => proxy.close(r));
      untrack();
      await ks.close();
    }
  });

  it('store refuses an unsafe access condition with exit 2 before contacting any chain', async () => {
    const envelope = encryptSecrets(keyring.publicKey(scope()), scope(), 'p', { A: '1' });
    const store = (env: string, condition: string) =>
      cli(
        [
          'secrets',
          'store',
          '--repo',
          REPO,
          '--profile',
          'p',
          '--envelope',
          env,
          '--condition',
          condition,
          '--rpc-url',
          'http://127.0.0.1:1',
          '--contract',
          'c.test',
          '--account',
          'a.test',
        ],
        { NEAR_PRIVATE_KEY: undefined },
      );
    const bad = await store(envelope, '{"type":"AccountPattern","pattern":"^(?=a).*$"}');
    assert.equal(bad.code, 2);
    assert.match(bad.err.join('\n'), /KEYSTORE__CONDITION_INVALID/);
    const badEnvelope = await store('AAAA', '{"type":"AllowAll"}');
    assert.equal(badEnvelope.code, 2);
    assert.match(badEnvelope.err.join('\n'), /KEYSTORE__ENVELOPE_INVALID/);
    const noKey = await store(envelope, '{"type":"AllowAll"}');
    assert.equal(noKey.code, 2);
    assert.match(noKey.err.join('\n'), /--key-file PATH or NEAR_PRIVATE_KEY/);
    const list = await cli(['secrets', 'list'], { NEAR_ACCOUNT_ID: undefined });
    assert.equal(list.code, 2);
    assert.match(list.err.join('\n'), /--owner is required/);
  });

  it('the real binary exits 2 on a malformed key and prints the envelope last on success', async function () {
    this.timeout(30_000);
    const run = promisify(execFile);
    const bin = new URL('../../bin/errand.mjs', import.meta.url).pathname;
    const ok = await run(process.execPath, [bin, ...base, '--pubkey', pubkeyHex, 'A=1']);
    const last = ok.stdout.trim().split('\n').at(-1);
    assert.equal(keyring.openSecrets(parseEnvelope(last), scope({ branch: 'main' }), 'default').A, '1');
    await assert.rejects(run(process.execPath, [bin, ...base, '--pubkey', 'nothex', 'A=1']), (e: { code?: number }) => e.code === 2);
  });
});
