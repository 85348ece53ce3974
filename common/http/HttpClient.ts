/**
 * Errand's one HTTP client, for every call its services make (coordinator API, NEAR JSON-RPC,
 * keystore, PCS collateral, wasm_url downloads): undici's Agent, a keep-alive Pool per origin,
 * without fetch's web streams and Request/Response objects on the main thread.
 *
 * Cancellation is the request's AbortSignal, and `timeoutMs` adds a time limit over it (timeLimit)
 * that covers reading the body too; a cancelled call rejects with COMMON__TIMEOUT / COMMON__ABORTED
 * named after `operation` (or the signal's own coded reason), at once, also while the body is read,
 * and its socket is closed. Any other failure looks like fetch's, so callers that classify fetch
 * failures (the worker's isTransient, mapNearError, near-api-js parity) see the same thing: a
 * transport failure is TypeError('fetch failed', { cause }) with the socket error as its cause
 * (e.g. ECONNREFUSED), a body cut short is TypeError('terminated', { cause }). Redirects are
 * followed as fetch follows them. A request that meets a kept-alive socket the server has just
 * closed is sent once more on a new one (the server never answered it; undici does not retry).
 *
 * Idle sockets never keep the process alive (undici unrefs them) and close after 4 s; close()
 * destroys them at once, and a later call opens new ones.
 * Not promised: compression, cookies, caching, HTTP/2.
 */
import { Agent, type Dispatcher } from 'undici';
import { abortError, timeLimit, type TimeLimit } from '../abort.ts';
import { followRedirect } from './followRedirect.ts';

export interface HttpRequest {
  method: string;
  headers?: Record<string, string>;
  body?: string | Uint8Array;
  signal?: AbortSignal;
  /** A time limit for the whole exchange, the body included, on top of `signal`. */
  timeoutMs?: number;
  /** Names the call in its COMMON__TIMEOUT / COMMON__ABORTED errors; default `<method> <path>`. */
  operation?: string;
}

export interface HttpAnswer {
  readonly status: number;
  readonly ok: boolean;
  readonly headers: Dispatcher.ResponseData['headers'];
  /** The body as it arrives (null for HEAD, 204 and 304); read it, text() or arrayBuffer() once. */
  readonly body: AsyncIterable<Uint8Array> | null;
  text(): Promise<string>;
  arrayBuffer(): Promise<ArrayBuffer>;
  /** Discards the body unread (a large one by closing the socket), for answers whose body nobody reads. */
  dump(): Promise<void>;
}

export interface HttpClientOptions {
  /** Connect every request to this unix socket instead of the URL's host (e.g. a local agent's API). */
  socketPath?: string;
}

export class HttpClient {
  private agent: Agent | undefined;

  constructor(private readonly options: HttpClientOptions = {}) {}

  async request(url: string | URL, req: HttpRequest): Promise<HttpAnswer> {
    let target = typeof url === 'string' ? new URL(url) : url;
    const operation = req.operation ?? `${req.method} ${target.pathname}`;
    const limit = req.timeoutMs === undefined ? undefined : timeLimit(operation, req.timeoutMs, req.signal);
    const signal = limit?.signal ?? req.signal;
    const failed = (e: unknown, what: string): Error => (signal?.aborted ? abortError(signal, operation, req.timeoutMs) : new TypeError(what, { cause: e }));
    try {
      let { method, headers = {}, body } = req;
      for (let hop = 0; ; hop++) {
        const res = await this.send(target, method, headers, body, signal);
        const next = followRedirect(res, target, method, headers, body, hop);
        if (!next) return answer(res, method, limit, failed);
        await res.body.dump();
        ({ url: target, method, headers, body } = next);
      }
    } catch (e) {
      limit?.clear();
      throw failed(e, 'fetch failed');
    }
  }

  /** Destroys every socket (idle or busy) of this client. */
  close(): void {
    const agent = this.agent;
    this.agent = undefined;
    agent?.destroy().catch(() => undefined);
  }

  private async send(
    url: URL,
    method: string,
    headers: Record<string, string>,
    body: string | Uint8Array | undefined,
    signal: AbortSignal | undefined,
  ): Promise<Dispatcher.ResponseData> {
    const { socketPath } = this.options;
    const agent = (this.agent ??= new Agent({ keepAliveTimeout: IDLE_SOCKET_MS, ...(socketPath && { connect: { socketPath } }) }));
    const options: Dispatcher.RequestOptions = {
      origin: url.origin,
      path: url.pathname + url.search,
      method: method as Dispatcher.HttpMethod,
      headers,
      body,
      signal,
    };
    try {
      return await agent.request(options);
    } catch (e) {
      if (signal?.aborted || !isStaleSocket(e)) throw e;
      return agent.request(options);
    }
  }
}

// Idle sockets close after this unless the server announces a shorter keep-alive (undici's default).
const IDLE_SOCKET_MS = 4_000;

/**
 * The server closed a socket that had already carried an answer before this request's answer began
 * (undici reports the bytes the socket read): a kept-alive socket whose idle timer fired on the
 * server's side as the request went out. On a fresh socket the same error is a real failure.
 */
function isStaleSocket(e: unknown): boolean {
  const err = e as { code?: unknown; socket?: { bytesRead?: unknown } } | null;
  return err?.code === 'UND_ERR_SOCKET' && typeof err.socket?.bytesRead === 'number' && err.socket.bytesRead > 0;
}

function answer(res: Dispatcher.ResponseData, method: string, limit: TimeLimit | undefined, failed: (e: unknown, what: string) => Error): HttpAnswer {
  const status = res.statusCode;
  const bodiless = method === 'HEAD' || status === 204 || status === 304;
  const body = res.body;
  if (limit) body.once('close', limit.clear);
  if (bodiless) void body.dump().catch(() => undefined);
  const read = <T>(p: Promise<T>): Promise<T> => p.catch((e: unknown) => Promise.reject(failed(e, 'terminated')));
  return {
    status,
    ok: status >= 200 && status < 300,
    headers: res.headers,
    body: bodiless ? null : body,
    text: () => (bodiless ? Promise.resolve('') : read(body.text())),
    arrayBuffer: () => (bodiless ? Promise.resolve(new ArrayBuffer(0)) : read(body.arrayBuffer())),
    dump: () => body.dump().catch(() => undefined),
  };
}
