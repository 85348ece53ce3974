/**
 * CoordinatorClient's default keep-alive transport against the same client over an injected fetch
 * (the old transport), on a scripted server: the same coded errors for every way a call can fail,
 * one socket for sequential calls (shared by withToken copies), a cancelled call's socket closed,
 * and a request that meets a just-closed kept-alive socket sent again on a new one.
 */
import assert from 'node:assert/strict';
import { CoordinatorClient } from '../../coordinator/client/CoordinatorClient.ts';
import { isErrandError } from '../../common/errors/index.ts';
import { closedPort, sendJson, startScriptedServer, type Script, type ScriptedServer } from '../common/helpers/scriptedServer.ts';
import { coded, rejection } from '../common/helpers/rejections.ts';

/** A /health answer of the shape coordinator/api's healthAnswer accepts (the client parses every answer). */
const HEALTH = { status: 'ok', db: 'pglite', wake: 'in-process', wakeHealthy: true, locks: 'postgres' } as const;

describe('CoordinatorClient keep-alive transport', () => {
  let server: ScriptedServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  /** The same failing call over both transports: returns [keep-alive error, fetch error]. */
  async function bothFail(script: Script | string, call: (c: CoordinatorClient) => Promise<unknown>, timeoutMs = 2_000): Promise<[unknown, unknown]> {
    if (typeof script !== 'string') server = await startScriptedServer(script);
    const baseUrl = typeof script === 'string' ? script : server!.url;
    const ours = new CoordinatorClient({ baseUrl, token: 't', timeoutMs });
    const viaFetch = new CoordinatorClient({ baseUrl, token: 't', timeoutMs, fetch });
    const result: [unknown, unknown] = [await rejection(call(ours)), await rejection(call(viaFetch))];
    ours.close();
    return result;
  }

  const cases: [string, Script, string][] = [
    ['a coded error', (_q, res) => sendJson(res, 409, { error: 'lease lost', code: 'COORDINATOR__LEASE_LOST', details: { jobId: 'j', workerId: 'w' } }), 'COORDINATOR__LEASE_LOST'],
    ['an error without a code', (_q, res) => res.writeHead(500).end('boom'), 'COORDINATOR__BAD_RESPONSE'],
    ['a non-JSON answer', (_q, res) => res.writeHead(200).end('<html>'), 'COORDINATOR__BAD_RESPONSE'],
  ];
  for (const [what, script, code] of cases) {
    it(`${what} becomes the same ${code} as over fetch`, async () => {
      const [ours, viaFetch] = await bothFail(script, (c) => c.heartbeatJob('j'));
      assert.equal(coded(ours).code, code);
      assert.deepEqual(coded(ours), coded(viaFetch));
    });
  }

  it('a refused connection is COMMON__UNAVAILABLE, worded as before', async () => {
    const [ours, viaFetch] = await bothFail(`http://127.0.0.1:${await closedPort()}`, (c) => c.health());
    assert.deepEqual(coded(ours), { code: 'COMMON__UNAVAILABLE', message: 'coordinator unreachable: fetch failed', context: { service: 'coordinator', reason: 'fetch failed' } });
    assert.deepEqual(coded(ours), coded(viaFetch));
  });

  it('a timeout and an abort are COMMON__TIMEOUT and COMMON__ABORTED as before, and close the socket', async () => {
    const [ours, viaFetch] = await bothFail(() => {}, (c) => c.health(), 100);
    assert.deepEqual(coded(ours), { code: 'COMMON__TIMEOUT', message: 'GET /health timed out', context: { operation: 'GET /health', timeoutMs: 100 } });
    assert.deepEqual(coded(ours), coded(viaFetch));
    await server!.closedConnections(1);

    const client = new CoordinatorClient({ baseUrl: server!.url });
    const ac = new AbortController();
    const pending = rejection(client.health({ signal: ac.signal }));
    while (server!.requests.length < 3) await new Promise((r) => setTimeout(r, 5));
    ac.abort();
    assert.deepEqual(coded(await pending), { code: 'COMMON__ABORTED', message: 'GET /health was aborted', context: { operation: 'GET /health' } });
    await server!.closedConnections(2);
  });

  it('the time limit covers the body as well', async () => {
    server = await startScriptedServer((_q, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"status":'); // and never the rest
    });
    const client = new CoordinatorClient({ baseUrl: server.url, timeoutMs: 100 });
    assert.ok(isErrandError(await rejection(client.health()), 'COMMON__TIMEOUT'));
    await server.closedConnections(1);
  });

  it('sequential calls of a client and its withToken copies share one socket; close() drops it', async () => {
    const wasm = Uint8Array.from([0, 97, 115, 109, 1, 0, 0, 0]);
    const auths: (string | null)[] = [];
    server = await startScriptedServer((req, res) => {
      // Lengths declared: Node closes the connection of a HEAD answer without one.
      if (req.url === '/v1/wasm/missing') return res.writeHead(404, { 'content-length': '0' }).end();
      if (req.url === '/v1/wasm/present') return res.writeHead(200, { 'content-length': String(wasm.length) }).end(req.method === 'HEAD' ? undefined : wasm);
      auths.push(req.headers.authorization ?? null);
      sendJson(res, 200, HEALTH);
    });
    const admin = new CoordinatorClient({ baseUrl: server.url, token: 'admin' });
    const worker = admin.withToken('worker');
    for (let i = 0; i < 10; i++) await admin.health();
    assert.deepEqual(await worker.health(), HEALTH);
    assert.equal(auths.at(-1), 'Bearer worker');
    assert.equal(await worker.wasmExists('missing'), false);
    assert.equal(await worker.wasmExists('present'), true);
    assert.deepEqual(await worker.downloadWasm('present'), wasm);
    assert.equal(server.requests.length, 14);
    assert.equal(server.connections, 1);
    worker.close();
    await server.closedConnections(1);
    await admin.health();
    assert.equal(server.connections, 2, 'a closed client opens a new socket when used again');
    admin.close();
  });

  it('a request that meets a kept-alive socket the server just dropped is sent again on a new socket', async () => {
    // The server drops a connection when its second request arrives, as one whose idle timer fired does.
    server = await startScriptedServer((req, res, _body, i) => (i === 1 ? req.socket.destroy() : sendJson(res, 200, HEALTH)));
    const client = new CoordinatorClient({ baseUrl: server.url });
    await client.health();
    assert.deepEqual(await client.health(), HEALTH);
    assert.equal(server.requests.length, 3);
    assert.equal(server.connections, 2);
    client.close();

    // A reset on a fresh socket is a real failure, not retried.
    const dropAll = await startScriptedServer((req) => req.socket.destroy());
    try {
      const e = await rejection(new CoordinatorClient({ baseUrl: dropAll.url }).health());
      assert.ok(isErrandError(e, 'COMMON__UNAVAILABLE'));
      assert.equal(dropAll.requests.length, 1);
    } finally {
      await dropAll.close();
    }
  });
});
