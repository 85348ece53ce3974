/**
 * Outbound HTTP from a preview 1 program (`errand_http`) through the real Executor against local
 * servers: the allowed host answers; another host is refused without a connection; a redirect to
 * a refused host is refused; loopback is refused outside development mode; limits on count, size
 * and time; fuel charged per request and per byte; secrets redacted in the transcript; a replay
 * gives the same output, fuel and transcript hash with no network; HTTPS with a test CA trusted
 * through the Executor's option only.
 */
import assert from 'node:assert/strict';
import { HTTP_BYTE_FUEL, HTTP_REQUEST_FUEL } from '../../worker/executor/instrument/costModel.ts';
import { Executor } from '../../worker/executor/index.ts';
import { transcriptSha256 } from '../../worker/executor/http/transcript/canonicalJson.ts';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readFile } from 'node:fs/promises';
import { compileWasiSource } from '../../bench/programs/compileWasi.ts';
import { requireTools } from '../setup/requireTools.ts';
import { httpGuest } from './helpers/httpGuest.ts';
import { startServer, testCa, type LocalServer } from './helpers/localHttpServer.ts';
import { LIMITS, useExecutor } from './helpers/useExecutor.ts';

const HTTP = { maxRequests: 10, maxResponseBytes: 100_000 };

describe('executor: outbound HTTP from a preview 1 program (errand_http)', function () {
  this.timeout(60_000);
  let api: LocalServer;
  let other: LocalServer;
  before(async () => {
    api = await startServer((req, _body, res) => {
      if (req.url === '/price') return void res.setHeader('content-type', 'application/json').end('{"price":42}');
      if (req.url === '/to-other') return void res.writeHead(302, { location: `${other.origin}/secret` }).end();
      if (req.url === '/to-price') return void res.writeHead(301, { location: '/price' }).end();
      if (req.url === '/big') return void res.end('x'.repeat(5000));
      if (req.url === '/slow') return void setTimeout(() => res.end('late'), 3000);
      res.end(`echo ${req.method} ${req.url}`);
    });
    other = await startServer((_req, _body, res) => res.end('other'));
  });
  after(async () => {
    await api.close();
    await other.close();
  });
  beforeEach(() => {
    api.seen.length = 0;
    other.seen.length = 0;
  });
  const dev = useExecutor({ threads: 1, http: { devMode: true, exchangeTimeoutMs: 1000 } });
  const allowApi = (): { allow: string[]; maxRequests: number; maxResponseBytes: number } => ({ ...HTTP, allow: [`127.0.0.1:${api.port}`] });

  it('answers the allowed host, records the exchange and charges fuel per request and per byte', async () => {
    const wasm = await httpGuest([{ url: `${api.origin}/price` }]);
    const without = await dev().run(await httpGuest([]), LIMITS);
    const r = await dev().run(wasm, { ...LIMITS, http: allowApi() });
    assert.equal(r.status, 'ok', JSON.stringify(r));
    assert.equal(r.stdout, '{"price":42}\n');
    assert.equal(api.seen.length, 1);
    assert.equal(r.transcript?.exchanges.length, 1);
    const x = r.transcript!.exchanges[0];
    assert.equal(x.request.url, `${api.origin}/price`);
    assert.equal(x.response?.status, 200);
    assert.equal(Buffer.from(x.response!.bodyBase64, 'base64').toString(), '{"price":42}');
    assert.equal(r.transcriptSha256, transcriptSha256(r.transcript));
    assert.ok(r.fuelUsed - without.fuelUsed > HTTP_REQUEST_FUEL + 12 * HTTP_BYTE_FUEL, `fuel ${r.fuelUsed} vs ${without.fuelUsed}`);
  });

  it('refuses a host outside the allowlist without a connection (the server sees nothing)', async () => {
    const wasm = await httpGuest([{ url: `${other.origin}/x` }]);
    const r = await dev().run(wasm, { ...LIMITS, http: allowApi() });
    assert.equal(r.status, 'ok', JSON.stringify(r));
    assert.match(r.stdout, /^E1:host 127\.0\.0\.1:\d+ is not in the request's http allowlist\n$/);
    assert.equal(other.seen.length, 0);
    assert.equal(r.transcript?.exchanges[0].error?.kind, 'denied');
  });

  it('a run without an http capability is refused every exchange, in-thread, with no transcript', async () => {
    const r = await dev().run(await httpGuest([{ url: `${api.origin}/price` }]), LIMITS);
    assert.match(r.stdout, /^E1:this run has no http capability\n$/);
    assert.equal(api.seen.length, 0);
    assert.equal(r.transcript, undefined);
  });

  it('follows a redirect within the allowlist and refuses one to a host outside it', async () => {
    const wasm = await httpGuest([{ url: `${api.origin}/to-price` }, { url: `${api.origin}/to-other` }]);
    const r = await dev().run(wasm, { ...LIMITS, http: allowApi() });
    const lines = r.stdout.split('\n');
    assert.equal(lines[0], '{"price":42}');
    assert.match(lines[1], /^E1:host 127\.0\.0\.1:\d+ is not in the request's http allowlist$/);
    assert.equal(other.seen.length, 0);
    assert.deepEqual(
      r.transcript?.exchanges[0].redirects.map((x) => x.status),
      [301],
    );
  });

  it('refuses loopback and plain http outside development mode', async () => {
    const prod = new Executor({ threads: 1 });
    try {
      const r = await prod.run(await httpGuest([{ url: `${api.origin}/price` }, { url: `https://127.0.0.1:${api.port}/price` }]), {
        ...LIMITS,
        http: { ...HTTP, allow: [`127.0.0.1:${api.port}`] },
      });
      const lines = r.stdout.split('\n');
      assert.match(lines[0], /^E1:scheme http: is not allowed/);
      assert.match(lines[1], /^E1:127\.0\.0\.1 resolves to 127\.0\.0\.1, a loopback address/);
      assert.equal(api.seen.length, 0);
    } finally {
      await prod.close();
    }
  });

  it('limits the number of requests, the response bytes and the time of an exchange', async () => {
    const count = await dev().run(await httpGuest([{ url: `${api.origin}/a` }, { url: `${api.origin}/b` }]), {
      ...LIMITS,
      http: { ...allowApi(), maxRequests: 1 },
    });
    assert.match(count.stdout, /^echo GET \/a\nE2:the request allows 1 HTTP requests\n$/);
    assert.equal(api.seen.length, 1);
    const size = await dev().run(await httpGuest([{ url: `${api.origin}/big` }]), { ...LIMITS, http: { ...allowApi(), maxResponseBytes: 4000 } });
    assert.match(size.stdout, /^E2:response body passed/);
    const slow = await dev().run(await httpGuest([{ url: `${api.origin}/slow` }]), { ...LIMITS, http: allowApi() });
    assert.match(slow.stdout, /^E3:/);
    assert.equal(slow.transcript?.exchanges[0].error?.kind, 'timeout');
    assert.ok(slow.timeMs < 2900, `the exchange timeout (1 s) stopped it, not the server's answer (3 s): ${slow.timeMs} ms`);
  });

  it("the run's wall-clock limit ends a run blocked in an exchange (the thread is terminated mid-wait)", async () => {
    const patient = new Executor({ threads: 1, http: { devMode: true, exchangeTimeoutMs: 20_000 } });
    try {
      const r = await patient.run(await httpGuest([{ url: `${api.origin}/slow` }]), { ...LIMITS, timeoutMs: 1000, http: allowApi() });
      assert.equal(r.status, 'timeout');
      // timeMs counts from when the thread took the run (thread start-up and preparation excluded).
      assert.ok(r.timeMs < 2900, `ended at the run deadline (${r.timeMs} ms), not when the server answered (3 s)`);
      assert.equal(r.transcript?.exchanges.length, 0, 'the abandoned exchange is not in the transcript');
      // The pool's replacement thread serves the next run.
      const next = await patient.run(await httpGuest([{ url: `${api.origin}/price` }]), { ...LIMITS, http: allowApi() });
      assert.equal(next.stdout, '{"price":42}\n');
    } finally {
      await patient.close();
    }
  });

  it('redacts secret values in the transcript and replays with the same output, fuel and hash and no network', async () => {
    const token = 'tok-5f2a9c1e77';
    const wasm = await httpGuest([{ url: `${api.origin}/price`, headers: `Authorization: Bearer ${token}\n` }, { url: `${api.origin}/q?k=${token}` }]);
    const opts = { ...LIMITS, env: { API_TOKEN: token }, secretEnv: ['API_TOKEN'], http: allowApi() };
    const live = await dev().run(wasm, opts);
    assert.equal(api.seen[0].headers.authorization, `Bearer ${token}`);
    const text = JSON.stringify(live.transcript);
    assert.ok(!text.includes(token), text);
    assert.match(text, /Bearer \[secret:sha256:[0-9a-f]{64}\]/);
    api.seen.length = 0;
    const replay = await dev().run(wasm, { ...opts, httpReplay: live.transcript });
    assert.equal(api.seen.length, 0, 'replay used no network');
    assert.equal(replay.stdout, live.stdout);
    assert.equal(replay.fuelUsed, live.fuelUsed);
    assert.equal(replay.transcriptSha256, live.transcriptSha256);
    const diverged = await dev().run(await httpGuest([{ url: `${api.origin}/other` }]), { ...opts, httpReplay: live.transcript });
    assert.equal(diverged.error?.code, 'EXECUTOR__HTTP_REPLAY_MISMATCH');
  });

  it('examples/c-http (errand_http.h) fetches the allowed URL with a bearer token from a secret', async function () {
    await requireTools(this, ['clang-14']);
    // compileWasiSource builds one file: the header goes in where main.c includes it.
    const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'examples', 'c-http');
    const header = await readFile(path.join(dir, 'errand_http.h'), 'utf8');
    const source = (await readFile(path.join(dir, 'main.c'), 'utf8')).replace('#include "errand_http.h"', header);
    const wasm = await compileWasiSource(source, 'c', { timeoutMs: 180_000 });
    const r = await dev().run(wasm, {
      ...LIMITS,
      input: `${api.origin}/price\n`,
      env: { API_TOKEN: 'c-token-123456' },
      secretEnv: ['API_TOKEN'],
      http: allowApi(),
    });
    assert.equal(r.stdout, 'status 200\n{"price":42}\n', JSON.stringify(r));
    assert.equal(api.seen[0].headers.authorization, 'Bearer c-token-123456');
    assert.ok(!JSON.stringify(r.transcript).includes('c-token-123456'));
    const refused = await dev().run(wasm, { ...LIMITS, input: `${other.origin}/x`, http: allowApi() });
    assert.equal(refused.status, 'exit_nonzero');
    assert.match(refused.stdout, /^error 1: host 127\.0\.0\.1:\d+ is not in the request's http allowlist\n$/);
  });

  it('speaks HTTPS to a server whose CA the Executor was told to trust, and to no other', async () => {
    const tls = await startServer((_req, _body, res) => res.end('over tls'), { tls: true });
    const trusting = new Executor({ threads: 1, http: { devMode: true, ca: [testCa().caPem] } });
    const plain = new Executor({ threads: 1, http: { devMode: true } });
    try {
      const wasm = await httpGuest([{ url: `${tls.origin}/` }]);
      const opts = { ...LIMITS, http: { ...HTTP, allow: [`localhost:${tls.port}`] } };
      assert.equal((await trusting.run(wasm, opts)).stdout, 'over tls\n');
      assert.match((await plain.run(wasm, opts)).stdout, /^E4:.*(CERT|certificate|SELF_SIGNED|UNABLE)/i);
    } finally {
      await Promise.all([trusting.close(), plain.close(), tls.close()]);
    }
  });
});
