/**
 * Performs one guest exchange on the network under the run's policy: the URL's scheme (https, or
 * http in development mode) and host (the allowlist) are checked before anything else, so a refused
 * host never sees a DNS query or a connection; then DNS by the worker with every address checked
 * (resolveChecked.ts), then the request to that address. Redirects (301/302/303/307/308) are
 * followed by the worker, each hop checked again exactly like the first; 303, and 301/302 after a
 * POST, become a GET without body, and credentials (authorization, cookie) are dropped when a
 * redirect leaves the origin. The whole exchange has one deadline.
 */
import type { HttpOutcome, HttpRequest } from '../exchange.ts';
import type { NormalizedHttpCapability } from '../HttpCapability.ts';
import { HttpFailure } from './HttpFailure.ts';
import { resolveChecked } from './resolveChecked.ts';
import { sendOnce } from './sendOnce.ts';

export interface PerformOptions {
  capability: NormalizedHttpCapability;
  devMode: boolean;
  ca?: string[];
  timeoutMs: number;
  maxRedirects: number;
  /** Response body bytes this exchange may still receive (the run's remaining budget). */
  maxBodyBytes: number;
  /** The run's own end (deadline, abort): stops the exchange too. */
  signal?: AbortSignal;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const CREDENTIALS = new Set(['authorization', 'cookie', 'proxy-authorization']);
/** Headers the worker sets itself; a guest's value would desynchronise framing or routing. */
export const FORBIDDEN_REQUEST_HEADERS = new Set(['host', 'content-length', 'transfer-encoding', 'connection', 'keep-alive', 'upgrade', 'te', 'trailer']);

/** The URL, if the policy lets the worker open it; else why not (HttpFailure 'denied'/'invalid'). */
export function checkTarget(raw: string, capability: NormalizedHttpCapability, devMode: boolean): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new HttpFailure('invalid', `not an absolute URL: ${raw.slice(0, 200)}`);
  }
  if (url.protocol !== 'https:' && !(devMode && url.protocol === 'http:')) {
    throw new HttpFailure('denied', `scheme ${url.protocol} is not allowed${url.protocol === 'http:' ? ' (plain http only in development mode)' : ''}`);
  }
  if (url.username !== '' || url.password !== '') throw new HttpFailure('invalid', 'URLs with credentials are not allowed');
  if (!capability.allowlist.allows(url)) throw new HttpFailure('denied', `host ${url.host} is not in the request's http allowlist`);
  return url;
}

function untilAborted<T>(pending: Promise<T>, signal: AbortSignal): Promise<T> {
  const timedOut = (): HttpFailure => new HttpFailure('timeout', 'the exchange passed its time limit');
  if (signal.aborted) return Promise.reject(timedOut());
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(timedOut());
    signal.addEventListener('abort', onAbort, { once: true });
    pending.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

export async function performExchange(req: HttpRequest, o: PerformOptions): Promise<HttpOutcome> {
  const redirects: { status: number; url: string }[] = [];
  const deadline = AbortSignal.timeout(o.timeoutMs);
  const signal = o.signal ? AbortSignal.any([deadline, o.signal]) : deadline;
  let method = req.method.toUpperCase();
  let headers = req.headers;
  let body = req.body;
  let url: URL | undefined;
  let target = req.url;
  try {
    if (!/^[A-Z][A-Z-]{0,31}$/.test(method)) throw new HttpFailure('invalid', `invalid method ${method.slice(0, 40)}`);
    for (const [name, value] of headers) {
      if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name) || /[\r\n\0]/.test(value)) throw new HttpFailure('invalid', `invalid header ${name.slice(0, 60)}`);
      if (FORBIDDEN_REQUEST_HEADERS.has(name.toLowerCase())) throw new HttpFailure('invalid', `header ${name} is set by the worker`);
    }
    for (;;) {
      const next = checkTarget(target, o.capability, o.devMode);
      if (url && next.origin !== url.origin) headers = headers.filter(([k]) => !CREDENTIALS.has(k.toLowerCase()));
      url = next;
      // dns.lookup cannot be cancelled: stop waiting for it at the deadline instead.
      const to = await untilAborted(resolveChecked(url.hostname, o.devMode), signal);
      const response = await sendOnce({ url, method, headers, body, to, ca: o.ca, maxBodyBytes: o.maxBodyBytes, signal });
      const location = response.headers.find(([k]) => k === 'location')?.[1];
      if (!REDIRECTS.has(response.status) || location === undefined) return { ok: true, response, redirects };
      if (redirects.length >= o.maxRedirects) throw new HttpFailure('limit', `more than ${o.maxRedirects} redirects`);
      target = new URL(location, url).href;
      redirects.push({ status: response.status, url: target });
      if (response.status === 303 || ((response.status === 301 || response.status === 302) && method === 'POST')) {
        method = 'GET';
        body = new Uint8Array(0);
      }
    }
  } catch (e) {
    if (e instanceof HttpFailure) return { ok: false, error: { kind: e.kind, message: e.message }, redirects };
    if (signal.aborted) return { ok: false, error: { kind: 'timeout', message: 'the exchange passed its time limit' }, redirects };
    return { ok: false, error: { kind: 'network', message: e instanceof Error ? e.message : String(e) }, redirects };
  }
}
