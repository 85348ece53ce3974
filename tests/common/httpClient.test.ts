/**
 * common/http/HttpClient.ts on real servers: redirects as fetch follows them (and credentials
 * dropped on a hop to another origin), cancellation by a caller's signal or its own time limit as
 * coded errors also while the body is read, transport failures shaped as fetch's, and close().
 */
import assert from 'node:assert/strict';
import { HttpClient } from '../../common/http/HttpClient.ts';
import { closedPort, sendJson, startScriptedServer, type ScriptedServer } from './helpers/scriptedServer.ts';
import { coded, rejection } from './helpers/rejections.ts';

describe('HttpClient', () => {
  const servers: ScriptedServer[] = [];
  const http = new HttpClient();
  afterEach(async () => {
    http.close();
    for (const s of servers.splice(0)) await s.close();
  });
  const serve = async (...args: Parameters<typeof startScriptedServer>): Promise<ScriptedServer> => {
    const s = await startScriptedServer(...args);
    servers.push(s);
    return s;
  };

  it('follows redirects as fetch does: a 303 becomes a GET without the body, credentials stay on their origin', async () => {
    const other = await serve((req, res) => sendJson(res, 200, { at: 'other', method: req.method, auth: req.headers.authorization ?? null }));
    const home = await serve((req, res, body) => {
      if (req.url === '/see-other') return res.writeHead(303, { location: '/landed' }).end();
      if (req.url === '/away') return res.writeHead(307, { location: `${other.url}/x` }).end();
      sendJson(res, 200, { at: 'home', method: req.method, body, auth: req.headers.authorization ?? null, type: req.headers['content-type'] ?? null });
    });
    const headers = { authorization: 'Bearer secret', 'content-type': 'application/json' };
    const seen = JSON.parse(await (await http.request(`${home.url}/see-other`, { method: 'POST', headers, body: '{"a":1}' })).text()) as unknown;
    assert.deepEqual(seen, { at: 'home', method: 'GET', body: '', auth: 'Bearer secret', type: null });
    const away = JSON.parse(await (await http.request(`${home.url}/away`, { method: 'POST', headers, body: '{}' })).text()) as unknown;
    assert.deepEqual(away, { at: 'other', method: 'POST', auth: null }, 'the 307 keeps the method, the other origin never sees the token');
  });

  it('a redirect loop fails as fetch fails, after 20 hops', async () => {
    const loop = await serve((_req, res) => res.writeHead(302, { location: '/again' }).end());
    const e = await rejection(http.request(loop.url, { method: 'GET' }));
    assert.ok(e instanceof TypeError && e.message === 'fetch failed');
    assert.equal((e.cause as Error).message, 'redirect count exceeded');
    assert.equal(loop.requests.length, 21);
  });

  it('a refused connection is TypeError("fetch failed") with the socket error as its cause', async () => {
    const e = await rejection(http.request(`http://127.0.0.1:${await closedPort()}/`, { method: 'GET' }));
    assert.ok(e instanceof TypeError && e.message === 'fetch failed');
    assert.equal((e.cause as { code?: string }).code, 'ECONNREFUSED');
  });

  it("a caller's abort or timeout signal ends the call as COMMON__ABORTED / COMMON__TIMEOUT, also while the body is read", async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"partial":'); // and never the rest
    });
    const ac = new AbortController();
    const answer = await http.request(server.url, { method: 'GET', signal: ac.signal, operation: 'reading' });
    const body = rejection(answer.text());
    ac.abort();
    assert.deepEqual(coded(await body), { code: 'COMMON__ABORTED', message: 'reading was aborted', context: { operation: 'reading' } });
    await server.closedConnections(1);

    const byTimeout = await http.request(server.url, { method: 'GET', signal: AbortSignal.timeout(50), operation: 'reading' });
    assert.equal(coded(await rejection(byTimeout.text())).code, 'COMMON__TIMEOUT');
    const own = await http.request(server.url, { method: 'GET', timeoutMs: 50 });
    assert.deepEqual(coded(await rejection(own.text())), {
      code: 'COMMON__TIMEOUT',
      message: 'GET / timed out',
      context: { operation: 'GET /', timeoutMs: 50 },
    });
    const early = new AbortController();
    early.abort();
    assert.equal(coded(await rejection(http.request(server.url, { method: 'GET', signal: early.signal, timeoutMs: 1_000 }))).code, 'COMMON__ABORTED');
    assert.equal(server.requests.length, 3, 'an already aborted call sends nothing');
  });

  it('close() drops the sockets; the client still works afterwards on new ones', async () => {
    const server = await serve((_req, res) => sendJson(res, 200, { ok: true }));
    assert.equal(await (await http.request(server.url, { method: 'GET' })).text(), '{"ok":true}');
    http.close();
    await server.closedConnections(server.connections);
    assert.equal(await (await http.request(server.url, { method: 'GET' })).text(), '{"ok":true}');
  });
});
