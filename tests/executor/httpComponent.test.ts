/**
 * Outbound HTTP from preview 2 components, with the two examples built by componentize-js:
 * examples/js-http-price's fetch() goes through the real `wasi:http/outgoing-handler` host to a
 * local server, is recorded, refused for a host outside the allowlist (the server sees nothing),
 * and replays to the same output and fuel; examples/js-http-bearer sends a bearer token from a
 * secret, which the server receives and the transcript does not contain.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { jsExample } from './helpers/components.ts';
import { startServer, type LocalServer } from './helpers/localHttpServer.ts';
import { useExecutor } from './helpers/useExecutor.ts';

const P2_LIMITS = { fuel: 5_000_000_000, memoryMb: 64, timeoutMs: 120_000 };
const examples = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'examples');

describe('executor: outbound HTTP from preview 2 components (wasi:http)', function () {
  this.timeout(900_000);
  let api: LocalServer;
  let other: LocalServer;
  before(async () => {
    api = await startServer((req, _body, res) => {
      if (req.url === '/v1/me') {
        if (req.headers.authorization !== 'Bearer s3cr3t-token-77') return void res.writeHead(401).end('{}');
        return void res.setHeader('content-type', 'application/json').end('{"result":{"user":"alice"}}');
      }
      res.setHeader('content-type', 'application/json').end('{"price":17.5,"pair":"NEAR-USD"}');
    });
    other = await startServer((_req, _body, res) => res.end('{}'));
  });
  after(async () => {
    await api.close();
    await other.close();
  });
  const executor = useExecutor({ threads: 1, http: { devMode: true } });
  const http = (): { allow: string[]; maxRequests: number; maxResponseBytes: number } => ({
    allow: [`127.0.0.1:${api.port}`],
    maxRequests: 4,
    maxResponseBytes: 10_000,
  });

  it('js-http-price: fetch() reaches the allowed host, is recorded, replays identically, and is refused elsewhere', async () => {
    const component = await jsExample(path.join(examples, 'js-http-price'));
    const opts = { ...P2_LIMITS, input: `${api.origin}/price price`, http: http() };
    const live = await executor().run(component, opts);
    assert.equal(live.stdout, 'price=17.5\n', JSON.stringify(live));
    assert.equal(api.seen.length, 1);
    assert.equal(live.transcript?.exchanges[0].request.method, 'GET');
    api.seen.length = 0;
    const replay = await executor().run(component, { ...opts, httpReplay: live.transcript });
    assert.equal(api.seen.length, 0);
    assert.equal(replay.stdout, live.stdout);
    assert.equal(replay.fuelUsed, live.fuelUsed);
    assert.equal(replay.transcriptSha256, live.transcriptSha256);

    const refused = await executor().run(component, { ...opts, input: `${other.origin}/price price` });
    assert.match(refused.stdout, /^error: /, refused.stdout);
    assert.equal(other.seen.length, 0);
    assert.equal(refused.transcript?.exchanges[0].error?.kind, 'denied');
  });

  it('js-http-bearer: the token from a secret reaches the API and never the transcript', async () => {
    const component = await jsExample(path.join(examples, 'js-http-bearer'));
    api.seen.length = 0;
    const r = await executor().run(component, {
      ...P2_LIMITS,
      input: `${api.origin}/v1/me`,
      env: { API_TOKEN: 's3cr3t-token-77' },
      secretEnv: ['API_TOKEN'],
      http: http(),
    });
    assert.equal(r.stdout, 'result={"user":"alice"}\n', JSON.stringify(r));
    assert.equal(api.seen[0].headers.authorization, 'Bearer s3cr3t-token-77');
    const recorded = JSON.stringify(r.transcript);
    assert.ok(!recorded.includes('s3cr3t-token-77'));
    assert.match(recorded, /Bearer \[secret:sha256:[0-9a-f]{64}\]/);
  });
});
