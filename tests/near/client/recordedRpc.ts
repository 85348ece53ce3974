/** A tiny HTTP server on port 0 answering JSON-RPC from recorded NEAR responses (fixtures/*.json). */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { trackResource } from '../../../common/testing/leaks.ts';

interface Entry {
  method: string;
  match: Record<string, unknown>;
  result?: unknown;
  error?: unknown;
}

export async function startRecordedRpc(fixture: string): Promise<{ url: string; calls: string[]; close: () => Promise<void> }> {
  const entries = (JSON.parse(readFileSync(fileURLToPath(new URL(`./fixtures/${fixture}`, import.meta.url)), 'utf8')) as { responses: Entry[] }).responses;
  const calls: string[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const msg = JSON.parse(body) as { id: unknown; method: string; params: Record<string, unknown> };
      calls.push(msg.method);
      const hit = entries.find((e) => e.method === msg.method && Object.entries(e.match).every(([k, v]) => msg.params?.[k] === v));
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify(
          hit
            ? { jsonrpc: '2.0', id: msg.id, ...(hit.error ? { error: hit.error } : { result: hit.result }) }
            : {
                jsonrpc: '2.0',
                id: msg.id,
                error: {
                  name: 'REQUEST_VALIDATION_ERROR',
                  cause: { name: 'METHOD_NOT_FOUND', info: {} },
                  code: -32601,
                  message: 'Method not found',
                  data: `no fixture for ${msg.method} ${JSON.stringify(msg.params)}`,
                },
              },
        ),
      );
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const untrack = trackResource('recorded NEAR RPC');
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    calls,
    close: async () => {
      await new Promise<void>((r) => {
        server.close(() => r());
        server.closeAllConnections();
      });
      untrack();
    },
  };
}
