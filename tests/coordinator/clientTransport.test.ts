/**
 * CoordinatorClient over Errand's HttpClient (undici keep-alive pools), on a scripted server: the
 * coded errors it raised over fetch for every way a call can fail, worded as they were, one socket
 * for sequential calls (shared by withToken copies), a cancelled call's socket closed, and a
 * request that meets a just-closed kept-alive socket sent again on a new one.
 */
import assert from 'node:assert/strict';
import { CoordinatorClient } from '../../coordinator/client/CoordinatorClient.ts';
import { isErrandError } from '../../common/errors/index.ts';
import { closedPort, sendJson, startScriptedServer, type Script, type ScriptedServer } from '../common/helpers/scriptedServer.ts';
import { coded, rejection } from '../common/helpers/rejections.ts';

/** A /health answer of the shape coordinator/api's healthAnswer accepts (the client parses every answer). */
const HEALTH = { status: 'ok', db: 'pglite', wake: 'in-process', wakeHealthy: true, locks: 'postgres' } as const;

describe('CoordinatorClient over HttpClient', () => {
  let server: ScriptedServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  /** The error of one failing call. */
  async function failure(script: Script | string, call: (c: CoordinatorClient) => Promise<unknown>, timeoutMs = 2_000): Promise<unknown> {
    if (typeof script !== 'string') server = await startScriptedServer(script);
    const client = new CoordinatorClient({ baseUrl: typeof script === 'string' ? script : server!.url, token: 't', timeoutMs });
    try {
      return await rejection(call(client));
    } finally {
      client.close();
    }
  }

  // What the client raised over fetch, word for word.
  const cases: [string, Script, ReturnType<typeof coded>][] = [
    [
      'a coded error',
      (_q, res) => sendJson(res, 409, { error: 'lease lost', code: 'COORDINATOR__LEASE_LOST', details: { jobId: 'j', workerId: 'w' } }),
      { code: 'COORDINATOR__LEASE_LOST', message: 'lease lost', context: { jobId: 'j', workerId: 'w' } },
    ],
    [
      'an error without a code',
      (_q, res) => res.writeHead(500).end('boom'),
      { code: 'COORDINATOR__BAD_RESPONSE', message: 'coordinator answered 500 without a coded error', context: { status: 500, reason: 'boom' } },
    ],
    [
      'a non-JSON answer',
      (_q, res) => res.writeHead(200).end('<html>'),
      { code: 'COORDINATOR__BAD_RESPONSE', message: 'coordinator answered with non-JSON', context: { status: 200, reason: '<html>' } },
    ],
  ];
  for (const [what, script, expected] of cases) {
    it(`${what} becomes ${expected.code}, as over fetch`, async () => {
      assert.deepEqual(coded(await failure(script, (c) => c.heartbeatJob('j'))), expected);
    });
  }

  it('a refused connection is COMMON__UNAVAILABLE, worded as before', async () => {
    const e = await failure(`http://127.0.0.1:${await closedPort()}`, (c) => c.health());
    assert.deepEqual(coded(e), {
      code: 'COMMON__UNAVAILABLE',
      message: 'coordinator unreachable: fetch failed',
      context: { service: 'coordinator', reason: 'fetch failed' },
    });
    assert.equal(((e as Error).cause as { cause?: { code?: string } }).cause?.code, 'ECONNREFUSED', 'the socket error is kept as the cause');
  });

  it('a timeout and an abort are COMMON__TIMEOUT and COMMON__ABORTED as before, and close the socket', async () => {
    const e = await failure(
      () => {},
      (c) => c.health(),
      100,
    );
    assert.deepEqual(coded(e), { code: 'COMMON__TIMEOUT', message: 'GET /health timed out', context: { operation: 'GET /health', timeoutMs: 100 } });
    await server!.closedConnections(1);

    const client = new CoordinatorClient({ baseUrl: server!.url });
    const ac = new AbortController();
    const pending = rejection(client.health({ signal: ac.signal }));
    while (server!.requests.length < 2) await new Promise((r) => setTimeout(r, 5));
    ac.abort();
    assert.deepEqual(coded(await pending), { code: 'COMMON__ABORTED', message: 'GET /health was aborted', context: { operation: 'GET /health' } });
    await server!.closedConnections(2);
    client.close();
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

  it('sequential calls of a client and its withToken copies share its kept-alive sockets; close() drops them', async () => {
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
    // undici gives a socket one event-loop turn before it reuses it, so a call made right after
    // another may go out on a second socket (a third after back-to-back HEADs): a few, not one a call.
    const opened = server.connections;
    assert.ok(opened >= 1 && opened <= 3, `14 sequential calls over ${opened} sockets`);
    worker.close();
    await server.closedConnections(opened);
    await admin.health();
    assert.equal(server.connections, opened + 1, 'a closed client opens a new socket when used again');
    admin.close();
  });

  it('a request that meets a kept-alive socket the server just dropped is sent again on a new socket', async () => {
    // The server drops a connection when its second request arrives, as one whose idle timer fired does.
    server = await startScriptedServer((req, res, _body, i) => (i === 1 ? req.socket.destroy() : sendJson(res, 200, HEALTH)));
    const client = new CoordinatorClient({ baseUrl: server.url });
    await client.health();
    await new Promise((r) => setTimeout(r, 10)); // the socket is idle, and reusable, again
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
