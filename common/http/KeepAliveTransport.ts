/**
 * HTTP/1.1 requests over keep-alive node:http / node:https agents, for Errand's own clients on the
 * hot path (NEAR JSON-RPC, the coordinator API). A call through fetch (undici) costs web streams,
 * AbortSignals and Request/Response objects on the main thread; here it is one ClientRequest on a
 * pooled socket, cancelled through a Deadline (one timer).
 *
 * Failures look like fetch's, so callers map them as before: a transport failure rejects with
 * TypeError('fetch failed', { cause }) (cause: the socket error, e.g. ECONNREFUSED); a cancelled
 * Deadline rejects with its coded error, also while the body is being read. Redirects are followed
 * as fetch follows them. A request that meets a kept-alive socket the server has just closed is
 * sent once more on a new one (the server never saw it).
 *
 * Each transport has its own agents. Node's agent unrefs idle sockets, so an open transport never
 * keeps the process alive; close() destroys its sockets at once.
 * Not promised: compression, cookies, caching, HTTP/2.
 */
import http, { type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import https from 'node:https';
import type { Deadline } from '../deadline.ts';

export interface HttpRequestInit {
  method: string;
  headers: Record<string, string>;
  body?: string | Uint8Array;
}

/** The part of fetch's Response that Errand's clients read (so an injected fetch still fits). */
export interface HttpAnswer {
  readonly status: number;
  readonly ok: boolean;
  /** The body as it arrives; read it, text() or arrayBuffer() once. */
  readonly body: AsyncIterable<Uint8Array> | null;
  text(): Promise<string>;
  arrayBuffer(): Promise<ArrayBuffer>;
}

export interface KeepAliveAnswer extends HttpAnswer {
  readonly headers: IncomingHttpHeaders;
}

const MAX_REDIRECTS = 20; // fetch's limit
const REDIRECT = new Set([301, 302, 303, 307, 308]);
// Idle sockets close after this unless the server announces a shorter keep-alive (undici's default).
const IDLE_SOCKET_MS = 4_000;

export class KeepAliveTransport {
  private httpAgent: http.Agent | undefined;
  private httpsAgent: https.Agent | undefined;

  /**
   * Sends one request. `release` runs once the exchange is over (body read, or the request failed):
   * the caller's cue to dispose its Deadline.
   */
  async request(url: string | URL, init: HttpRequestInit, deadline?: Deadline, release?: () => void): Promise<KeepAliveAnswer> {
    let target = typeof url === 'string' ? new URL(url) : url;
    let { method, body } = init;
    let headers = init.headers;
    try {
      for (let hop = 0; ; hop++) {
        const res = await this.send(target, method, headers, body, deadline, false);
        const status = res.statusCode ?? 0;
        const location = res.headers.location;
        if (!REDIRECT.has(status) || location === undefined) return await answer(res, method, release);
        await readAll(res); // so the next hop can have this socket
        if (hop === MAX_REDIRECTS) throw new TypeError('fetch failed', { cause: new Error('redirect count exceeded') });
        target = new URL(location, target);
        if (status === 303 ? method !== 'HEAD' : (status === 301 || status === 302) && method === 'POST') {
          // As fetch does: the redirected request is a GET without the body.
          method = 'GET';
          body = undefined;
          headers = withoutBodyHeaders(headers);
        }
      }
    } catch (e) {
      release?.();
      throw e;
    }
  }

  /** Destroys every socket (idle or busy) of this transport. */
  close(): void {
    this.httpAgent?.destroy();
    this.httpsAgent?.destroy();
  }

  private agentFor(url: URL): http.Agent {
    if (url.protocol === 'https:') return (this.httpsAgent ??= new https.Agent(AGENT_OPTIONS));
    return (this.httpAgent ??= new http.Agent(AGENT_OPTIONS));
  }

  private send(url: URL, method: string, headers: Record<string, string>, body: string | Uint8Array | undefined, deadline: Deadline | undefined, retried: boolean): Promise<IncomingMessage> {
    return new Promise((resolve, reject) => {
      if (deadline?.cancelled) return reject(deadline.cancelled);
      const lib = url.protocol === 'https:' ? https : http;
      const sized = body === undefined ? headers : { ...headers, 'content-length': String(typeof body === 'string' ? Buffer.byteLength(body) : body.byteLength) };
      const req = lib.request(url, { method, headers: sized, agent: this.agentFor(url) });
      let res: IncomingMessage | undefined;
      const stop = deadline?.onCancel((e) => (res ? res.destroy(e) : req.destroy(e)));
      req.on('response', (r) => {
        res = r;
        // Errors reach readers through the stream; this keeps one nobody reads from crashing.
        r.on('error', () => {});
        if (stop) r.once('close', stop);
        resolve(r);
      });
      req.on('error', (err: NodeJS.ErrnoException) => {
        if (res) return; // the response stream reports it
        stop?.();
        if (deadline?.cancelled) return reject(deadline.cancelled);
        if (!retried && req.reusedSocket && err.code === 'ECONNRESET') {
          resolve(this.send(url, method, headers, body, deadline, true));
          return;
        }
        reject(new TypeError('fetch failed', { cause: err }));
      });
      req.end(body);
    });
  }
}

const AGENT_OPTIONS: http.AgentOptions = { keepAlive: true, scheduling: 'lifo', timeout: IDLE_SOCKET_MS, noDelay: true };

async function answer(res: IncomingMessage, method: string, release: (() => void) | undefined): Promise<KeepAliveAnswer> {
  if (release) res.once('close', release);
  const status = res.statusCode ?? 0;
  const bodiless = method === 'HEAD' || status === 204 || status === 304;
  // Read to its end before answering, so the socket is back in the pool for the caller's next call.
  if (bodiless) await readAll(res);
  return {
    status,
    ok: status >= 200 && status < 300,
    headers: res.headers,
    body: bodiless ? null : res,
    text: async () => (bodiless ? '' : (await readAll(res)).toString('utf8')),
    arrayBuffer: async () => {
      const b = bodiless ? Buffer.alloc(0) : await readAll(res);
      return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
    },
  };
}

function readAll(res: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    res.on('data', (c: Buffer) => chunks.push(c));
    res.once('end', () => resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)));
    res.once('error', reject);
    // Closed before the end without an error: the server went away mid-body (fetch says 'terminated').
    res.once('close', () => {
      if (!res.complete) reject(new TypeError('terminated'));
    });
  });
}

function withoutBodyHeaders(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) if (!/^content-/i.test(k)) out[k] = v;
  return out;
}
