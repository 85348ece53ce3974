/**
 * NEAR JSON-RPC over HTTP for the local chain, on 127.0.0.1 (port 0 by default). Answers with
 * HTTP 200 and a JSON-RPC result or error body, as nearcore does for handler errors, so
 * near-api-js's JsonRpcProvider parses errors exactly as it would from a real node.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { trackResource } from '../../../../common/testing/leaks.ts';
import type { Chain } from '../chain/Chain.ts';
import { dispatch } from './dispatch.ts';
import { RpcError } from './RpcError.ts';
import { TxMethods } from './txMethods.ts';

const MAX_BODY_BYTES = 64 * 1024 * 1024;

export class RpcServer {
  private constructor(
    private readonly server: Server,
    readonly url: string,
    private readonly untrack: () => void,
  ) {}

  static async start(chain: Chain, opts: { host?: string; port?: number; waitTimeoutMs?: number } = {}): Promise<RpcServer> {
    const tx = new TxMethods(chain, opts.waitTimeoutMs ?? 10_000);
    const host = opts.host ?? '127.0.0.1';
    let url = '';
    const server = createServer((req, res) => {
      void handle(req).then((body) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      });
    });
    const handle = async (req: IncomingMessage): Promise<unknown> => {
      let id: unknown = null;
      try {
        if (req.method !== 'POST') throw RpcError.badRequest('JSON-RPC requests are POSTed');
        const msg = JSON.parse(await readBody(req)) as { id?: unknown; method?: unknown; params?: unknown };
        id = msg.id ?? null;
        if (typeof msg.method !== 'string') throw RpcError.badRequest('method must be a string');
        const result = await dispatch(chain, tx, msg.method, msg.params, url);
        return { jsonrpc: '2.0', id, result };
      } catch (e) {
        const err =
          e instanceof RpcError
            ? e
            : e instanceof SyntaxError
              ? RpcError.badRequest(e.message)
              : RpcError.handler('INTERNAL_ERROR', { error_message: e instanceof Error ? e.message : String(e) }, e instanceof Error ? e.message : String(e));
        return { jsonrpc: '2.0', id, error: err.body };
      }
    };
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(opts.port ?? 0, host, () => resolve());
    });
    const port = (server.address() as AddressInfo).port;
    url = `http://${host}:${port}`;
    return new RpcServer(server, url, trackResource(`local NEAR RPC ${url}`));
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
    this.untrack();
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY_BYTES) {
        reject(RpcError.badRequest('request body too large'));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
