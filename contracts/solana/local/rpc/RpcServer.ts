/**
 * HTTP JSON-RPC (single and batch requests) and PubSub WebSocket on one local port. web3.js
 * opens its WebSocket on port + 1 unless told otherwise: pass `wsEndpoint` (LocalSolana's
 * `connection()` does). Bodies above 1 MiB are refused before they are parsed.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import WebSocket from 'ws';
import { dispatch, type RpcContext } from './methods.ts';
import { PubSubConnection } from './PubSub.ts';
import { RpcError } from './rpcError.ts';

const MAX_BODY = 1 << 20;

function answer(ctx: RpcContext, req: unknown): unknown {
  const r = req as { id?: unknown; method?: unknown; params?: unknown };
  const id = r?.id ?? null;
  try {
    if (typeof r?.method !== 'string') throw new RpcError(-32600, 'Invalid request');
    return { jsonrpc: '2.0', result: dispatch(ctx, r.method, Array.isArray(r.params) ? r.params : []), id };
  } catch (e) {
    if (e instanceof RpcError) return { jsonrpc: '2.0', error: { code: e.code, message: e.message, ...(e.data === undefined ? {} : { data: e.data }) }, id };
    return { jsonrpc: '2.0', error: { code: -32603, message: `Internal error: ${(e as Error).message}` }, id };
  }
}

export class RpcServer {
  private readonly http: http.Server;
  private readonly wss: WebSocket.Server;
  private readonly sockets = new Set<PubSubConnection>();

  constructor(private readonly ctx: RpcContext) {
    this.http = http.createServer((req, res) => this.handle(req, res));
    // Longer than any client's idle keep-alive (undici: 4 s, or the server's hint less 1 s): a
    // server that closes an idle socket first races the client reusing it, and under load (an
    // event loop stalled for a second) that race is lost as ECONNRESET ("fetch failed").
    this.http.keepAliveTimeout = 65_000;
    this.http.headersTimeout = 66_000;
    this.wss = new WebSocket.Server({ server: this.http, maxPayload: MAX_BODY });
    this.wss.on('connection', (ws) => {
      const c = new PubSubConnection(ctx.chain, ws);
      this.sockets.add(c);
      ws.on('close', () => this.sockets.delete(c));
    });
  }

  async listen(port = 0, host = '127.0.0.1'): Promise<number> {
    await new Promise<void>((resolve, reject) => {
      this.http.once('error', reject);
      this.http.listen(port, host, () => resolve());
    });
    return (this.http.address() as AddressInfo).port;
  }

  async close(): Promise<void> {
    for (const c of this.sockets) c.close();
    // Close code 1000 is a normal closure: web3.js (rpc-websockets) does not reconnect after it,
    // where a dropped socket would make every Connection retry forever.
    const open = [...this.wss.clients];
    const closed = Promise.all(
      open.map(
        (ws) =>
          new Promise<void>((resolve) => {
            ws.once('close', () => resolve());
            ws.close(1000, 'server stopping');
          }),
      ),
    );
    await Promise.race([closed, new Promise((resolve) => setTimeout(resolve, 500).unref())]);
    for (const ws of this.wss.clients) ws.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
    this.http.closeAllConnections();
    await new Promise<void>((resolve) => this.http.close(() => resolve()));
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    if (req.method !== 'POST') {
      res.writeHead(405).end();
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        res.writeHead(413).end();
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => {
      if (res.headersSent) return;
      let body: unknown;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        res
          .writeHead(200, { 'content-type': 'application/json' })
          .end(JSON.stringify({ jsonrpc: '2.0', error: { code: -32700, message: 'Parse error' }, id: null }));
        return;
      }
      const out = Array.isArray(body) ? body.map((b) => answer(this.ctx, b)) : answer(this.ctx, body);
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(out));
    });
  }
}
