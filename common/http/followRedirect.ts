/**
 * Redirects as fetch follows them ('follow', at most 20 hops): 301/302/303/307/308 with a Location;
 * a 303 (but for HEAD), and a 301/302 answering a POST, become a GET without the body; a hop to
 * another origin drops the credentials (Authorization, Cookie), as fetch does.
 */
import type { Dispatcher } from 'undici';

const MAX_REDIRECTS = 20; // fetch's limit
const REDIRECT = new Set([301, 302, 303, 307, 308]);

export interface NextHop {
  url: URL;
  method: string;
  headers: Record<string, string>;
  body: string | Uint8Array | undefined;
}

/** The request to send next for a redirect answer, or undefined when `res` is the answer. */
export function followRedirect(
  res: Dispatcher.ResponseData,
  url: URL,
  method: string,
  headers: Record<string, string>,
  body: string | Uint8Array | undefined,
  hop: number,
): NextHop | undefined {
  const location = res.headers.location;
  if (!REDIRECT.has(res.statusCode) || typeof location !== 'string') return undefined;
  if (hop === MAX_REDIRECTS) throw new Error('redirect count exceeded');
  const next = new URL(location, url);
  const status = res.statusCode;
  if (next.origin !== url.origin) headers = withoutHeaders(headers, /^(?:authorization|cookie|proxy-authorization)$/i);
  if (status === 303 ? method !== 'HEAD' : (status === 301 || status === 302) && method === 'POST') {
    return { url: next, method: 'GET', headers: withoutHeaders(headers, /^content-/i), body: undefined };
  }
  return { url: next, method, headers, body };
}

function withoutHeaders(headers: Record<string, string>, names: RegExp): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) if (!names.test(k)) out[k] = v;
  return out;
}
