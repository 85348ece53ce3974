/**
 * KeepAliveJsonRpcProvider against near-api-js's own fetch-based JsonRpcProvider on the same
 * scripted server: the same errors (class, message, type, cause, fields), the same retries, the
 * same coded errors through rpcCall; plus what only it does: kept-alive sockets for sequential calls, and
 * a cancelled call that closes its socket and stops retrying.
 */
import assert from 'node:assert/strict';
import { JsonRpcProvider } from '@near-js/providers';
import { isTransientChainError, KeepAliveJsonRpcProvider, mapNearError, rpcCall } from '../../../contracts/near/client/index.ts';
import { ErrandError } from '../../../common/errors/index.ts';
import { closedPort, sendJson, startScriptedServer, type Script, type ScriptedServer } from '../../common/helpers/scriptedServer.ts';
import { coded, rejection } from '../../common/helpers/rejections.ts';

const RETRY = { retries: 2, backoff: 2, wait: 10 };

/** What a caller can observe of a thrown value. */
function shape(e: unknown): Record<string, unknown> {
  const err = e as Error & { cause?: unknown };
  const cause =
    err.cause instanceof Error ? { class: err.cause.constructor.name, message: err.cause.message, code: (err.cause as { code?: string }).code } : err.cause;
  return { class: err.constructor.name, name: err.name, message: err.message, fields: JSON.stringify({ ...err }), cause };
}

describe('KeepAliveJsonRpcProvider', () => {
  let server: ScriptedServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  /** Runs the same call through both providers against one server; returns both outcomes and their request counts. */
  async function both(
    script: Script,
    call: (p: JsonRpcProvider) => Promise<unknown>,
  ): Promise<{ near: unknown; ours: unknown; nearRequests: number; ourRequests: number }> {
    const srv = (server = await startScriptedServer(script));
    const outcome = async (provider: JsonRpcProvider): Promise<[unknown, number]> => {
      srv.requests.length = 0;
      const result = await call(provider).then(
        (v) => ({ value: v }),
        (e: unknown) => e,
      );
      return [result, srv.requests.length];
    };
    const [near, nearRequests] = await outcome(new JsonRpcProvider({ url: srv.url }, RETRY));
    const ours = new KeepAliveJsonRpcProvider({ url: srv.url }, RETRY);
    const [ourResult, ourRequests] = await outcome(ours);
    ours.close();
    return { near, ours: ourResult, nearRequests, ourRequests };
  }

  const rpcError =
    (error: unknown): Script =>
    (_req, res, body) =>
      sendJson(res, 200, { jsonrpc: '2.0', id: JSON.parse(body).id, error });
  const viewAccount = (p: JsonRpcProvider) => p.viewAccount('ghost.testnet', { finality: 'final' });

  const errorCases: [string, Script][] = [
    [
      'a handler error (data: a message near-api-js knows)',
      rpcError({
        name: 'HANDLER_ERROR',
        cause: { name: 'UNKNOWN_ACCOUNT', info: { requested_account_id: 'ghost.testnet' } },
        code: -32000,
        message: 'Server error',
        data: 'account ghost.testnet does not exist while viewing',
      }),
    ],
    [
      'a TypedError-style error (data.error_type / data.error_message)',
      rpcError({ code: -32000, message: 'Server error', data: { error_type: 'UntypedError', error_message: 'something broke' } }),
    ],
    [
      'a structured error (parseRpcError: InvalidNonce)',
      rpcError({
        name: 'HANDLER_ERROR',
        code: -32000,
        message: 'Server error',
        data: { TxExecutionError: { InvalidTxError: { InvalidNonce: { ak_nonce: 7, tx_nonce: 5 } } } },
      }),
    ],
    ['an error with an unknown message', rpcError({ name: 'REQUEST_VALIDATION_ERROR', code: -32601, message: 'Method not found', data: 'no such method' })],
    [
      'a query result carrying an error string',
      (_req, res, body) =>
        sendJson(res, 200, {
          jsonrpc: '2.0',
          id: JSON.parse(body).id,
          result: { error: 'wasm execution failed with error: CodeDoesNotExist { account_id: "ghost.testnet" }', logs: [], block_height: 1, block_hash: 'h' },
        }),
    ],
    ['a response with neither result nor error', (_req, res, body) => sendJson(res, 200, { jsonrpc: '2.0', id: JSON.parse(body).id })],
    ['HTTP 400', (_req, res) => sendJson(res, 400, { error: 'bad' })],
    ['HTTP 404 with a text body', (_req, res) => res.writeHead(404).end('not here')],
    ['a body that is not JSON', (_req, res) => res.writeHead(200).end('<html>')],
  ];
  for (const [what, script] of errorCases) {
    it(`throws what near-api-js throws for ${what}, mapped to the same coded error`, async () => {
      const r = await both(script, viewAccount);
      assert.ok(r.near instanceof Error, `near-api-js throws for ${what}`);
      assert.deepEqual(shape(r.ours), shape(r.near));
      assert.deepEqual(coded(mapNearError(r.ours, 'query', 'u')), coded(mapNearError(r.near, 'query', 'u')));
      assert.equal(r.ourRequests, r.nearRequests);
    });
  }

  for (const status of [500, 503, 408]) {
    it(`retries HTTP ${status} as near-api-js does: the same attempts, the same final error`, async () => {
      const r = await both((_req, res) => res.writeHead(status).end('busy'), viewAccount);
      assert.deepEqual(shape(r.ours), shape(r.near));
      assert.equal(r.nearRequests, RETRY.retries);
      assert.equal(r.ourRequests, RETRY.retries);
      // Still failing after the retries: a transient coded error, so a submitter tries again later.
      const mapped = mapNearError(r.ours, 'query', 'u');
      assert.ok(isTransientChainError(mapped), `${mapped.code} is transient`);
      if (status !== 408) {
        const reason = (r.ours as Error).message;
        assert.deepEqual(coded(mapped), {
          code: 'CHAIN__RPC_UNREACHABLE',
          message: `NEAR RPC at u answered HTTP ${status}: ${reason}`,
          context: { url: 'u', status, reason },
        });
      }
    });
  }

  it('succeeds after a 503 once the node answers', async () => {
    const script: Script = (_req, res, body, i) =>
      i === 0 ? res.writeHead(503).end() : sendJson(res, 200, { jsonrpc: '2.0', id: JSON.parse(body).id, result: { header: { height: 9 } } });
    const r = await both(script, (p) => p.viewBlock({ finality: 'final' }));
    assert.deepEqual(r.ours, { value: { header: { height: 9 } } });
    assert.deepEqual(r.ours, r.near);
    assert.equal(r.ourRequests, 2);
  });

  for (const status of [307, 302]) {
    it(`follows an HTTP ${status} redirect as fetch does (${status === 307 ? 'the same POST' : 'a GET without the body'})`, async () => {
      const script: Script = (req, res, body) => {
        if (req.url === '/') return res.writeHead(status, { location: '/moved', 'content-length': '0' }).end();
        if (req.method === 'GET') return sendJson(res, 405, { error: 'GET' });
        sendJson(res, 200, { jsonrpc: '2.0', id: JSON.parse(body).id, result: { header: { height: 3 } } });
      };
      const r = await both(script, (p) => p.viewBlock({ finality: 'final' }));
      assert.deepEqual(shape(r.ours), shape(r.near));
      assert.equal(r.ourRequests, 2);
    });
  }

  it('a refused connection is the same TypeError, CHAIN__RPC_UNREACHABLE through rpcCall', async () => {
    const url = `http://127.0.0.1:${await closedPort()}`;
    const near = await rejection(rpcCall(new JsonRpcProvider({ url }, RETRY), 'block', { finality: 'final' }));
    const ours = await rejection(rpcCall(new KeepAliveJsonRpcProvider({ url }, RETRY), 'block', { finality: 'final' }));
    assert.ok(ours instanceof ErrandError && near instanceof ErrandError);
    assert.equal(ours.code, 'CHAIN__RPC_UNREACHABLE');
    assert.deepEqual(coded(ours), coded(near));
    assert.deepEqual(shape(ours.cause), shape(near.cause));
  });

  it('keeps its sockets alive for sequential calls, and every near-api-js method still works', async () => {
    server = await startScriptedServer((_req, res, body) => {
      const msg = JSON.parse(body) as { id: number; method: string };
      sendJson(res, 200, { jsonrpc: '2.0', id: msg.id, result: msg.method === 'status' ? { chain_id: 'localnet' } : { header: { height: msg.id } } });
    });
    const provider = new KeepAliveJsonRpcProvider({ url: server.url }, RETRY);
    for (let i = 0; i < 20; i++) await rpcCall(provider, 'block', { finality: 'final' });
    assert.equal(await provider.getNetworkId(), 'localnet');
    assert.equal(server.requests.length, 21);
    // undici gives a socket one event-loop turn before it reuses it, so a call right after another
    // may open a second one; never more for calls made one at a time.
    const opened = server.connections;
    assert.ok(opened >= 1 && opened <= 2, `21 sequential calls over ${opened} sockets`);
    provider.close();
    await server.closedConnections(opened);
  });

  it('a timeout or an abort ends the call with the codes rpcCall always raised, closes its socket and stops retrying', async () => {
    server = await startScriptedServer(() => {}); // never answers
    const provider = new KeepAliveJsonRpcProvider({ url: server.url }, { retries: 5, backoff: 1, wait: 0 });
    const fetchBased = new JsonRpcProvider({ url: server.url }, { retries: 5, backoff: 1, wait: 0 });

    const timedOut = await rejection(rpcCall(provider, 'block', { finality: 'final' }, undefined, 100));
    assert.deepEqual(coded(timedOut), {
      code: 'COMMON__TIMEOUT',
      message: 'NEAR RPC block timed out',
      context: { operation: 'NEAR RPC block', timeoutMs: 100 },
    });
    assert.deepEqual(coded(timedOut), coded(await rejection(rpcCall(fetchBased, 'block', { finality: 'final' }, undefined, 100))));
    await server.closedConnections(1);

    const ac = new AbortController();
    const pending = rejection(rpcCall(provider, 'block', { finality: 'final' }, ac.signal));
    while (server.requests.length < 3) await new Promise((r) => setTimeout(r, 5));
    ac.abort();
    assert.deepEqual(coded(await pending), { code: 'COMMON__ABORTED', message: 'NEAR RPC block was aborted', context: { operation: 'NEAR RPC block' } });
    await server.closedConnections(2);
    await new Promise((r) => setTimeout(r, 30));
    assert.equal(server.requests.length, 3, 'no request after the cancel: the keep-alive provider sent one per call, fetch one');

    const byTimeoutSignal = await rejection(rpcCall(provider, 'block', { finality: 'final' }, AbortSignal.timeout(50)));
    assert.equal(coded(byTimeoutSignal).code, 'COMMON__TIMEOUT', "a caller's timeout signal is a timeout, as before");
    const early = new AbortController();
    early.abort();
    assert.equal(coded(await rejection(rpcCall(provider, 'block', {}, early.signal))).code, 'COMMON__ABORTED');
    assert.equal(server.requests.length, 4, 'an already aborted call sends nothing');
  });
});
