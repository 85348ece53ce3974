/**
 * A node:http server on port 0 whose answers a test scripts, counting the TCP connections it
 * accepted and those closed, so client tests can see socket reuse and sockets freed on abort.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { trackResource } from '../../../common/testing/leaks.ts';

export type Script = (req: IncomingMessage, res: ServerResponse, body: string, index: number) => void;

export interface ScriptedServer {
  url: string;
  /** Requests seen, in order. */
  requests: { method: string; url: string; body: string }[];
  /** Connections accepted so far. */
  readonly connections: number;
  /** Resolves once `n` connections have closed. */
  closedConnections(n: number): Promise<void>;
  close(): Promise<void>;
}

export async function startScriptedServer(script: Script): Promise<ScriptedServer> {
  const requests: ScriptedServer['requests'] = [];
  let connections = 0;
  let closed = 0;
  const waiters: { n: number; resolve: () => void }[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (body += c));
    req.on('end', () => {
      requests.push({ method: req.method ?? '', url: req.url ?? '', body });
      script(req, res, body, requests.length - 1);
    });
  });
  server.on('connection', (socket: Socket) => {
    connections++;
    socket.on('close', () => {
      closed++;
      for (const w of waiters.filter((x) => closed >= x.n)) w.resolve();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const untrack = trackResource('scripted HTTP server');
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    get connections() {
      return connections;
    },
    closedConnections: (n) => new Promise<void>((resolve) => (closed >= n ? resolve() : waiters.push({ n, resolve }))),
    close: async () => {
      await new Promise<void>((r) => {
        server.close(() => r());
        server.closeAllConnections();
      });
      untrack();
    },
  };
}

/** A loopback port nothing listens on (connections to it are refused). */
export async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const { port } = s.address() as AddressInfo;
  await new Promise((r) => s.close(r));
  return port;
}

export function sendJson(res: ServerResponse, status: number, value: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(value));
}
