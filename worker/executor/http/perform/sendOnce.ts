/**
 * One HTTP/1.1 request to an already checked address (no redirects here): node:http(s) with a
 * `lookup` that answers only that address, so the socket goes where the policy looked, while the
 * Host header, SNI and certificate check use the URL's host name. The response body is read up to
 * `maxBodyBytes` and the request destroyed past it; `signal` (the exchange's deadline) destroys it
 * at any stage. No connection reuse: every exchange gets a fresh socket (agent: false), so nothing
 * outlives the run.
 */
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import type { HttpResponse } from '../exchange.ts';
import { HttpFailure } from './HttpFailure.ts';
import type { CheckedAddress } from './resolveChecked.ts';

export interface SendOnce {
  url: URL;
  method: string;
  headers: [string, string][];
  body: Uint8Array;
  to: CheckedAddress;
  ca?: string[];
  maxBodyBytes: number;
  signal: AbortSignal;
}

function pinnedLookup(to: CheckedAddress): LookupFunction {
  return ((_host: string, opts: { all?: boolean }, cb: (...args: unknown[]) => void) => {
    if (opts?.all) cb(null, [{ address: to.address, family: to.family }]);
    else cb(null, to.address, to.family);
  }) as unknown as LookupFunction;
}

export function sendOnce(s: SendOnce): Promise<HttpResponse> {
  return new Promise((resolve, reject) => {
    const isHttps = s.url.protocol === 'https:';
    const outgoing: http.OutgoingHttpHeaders = {};
    const raw: string[] = [];
    for (const [k, v] of s.headers) raw.push(k, v);
    const options: https.RequestOptions = {
      method: s.method,
      hostname: s.url.hostname.replace(/^\[|\]$/g, ''),
      port: s.url.port === '' ? (isHttps ? 443 : 80) : Number(s.url.port),
      path: `${s.url.pathname}${s.url.search}`,
      agent: false,
      lookup: pinnedLookup(s.to),
      signal: s.signal,
      headers: outgoing,
      ...(isHttps && s.ca ? { ca: s.ca } : {}),
    };
    const req = (isHttps ? https : http).request(options);
    for (let i = 0; i < raw.length; i += 2) {
      const name = raw[i];
      const prev = req.getHeader(name);
      req.setHeader(name, prev === undefined ? raw[i + 1] : [...(Array.isArray(prev) ? prev : [String(prev)]), raw[i + 1]]);
    }
    req.setHeader('content-length', String(s.body.length));
    const fail = (e: unknown): void => {
      if (e instanceof HttpFailure) return reject(e);
      if (s.signal.aborted) return reject(new HttpFailure('timeout', 'the exchange passed its time limit'));
      const code = (e as NodeJS.ErrnoException).code;
      reject(new HttpFailure('network', `${s.url.host}: ${code ?? (e as Error).message}`));
    };
    req.on('error', fail);
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      let over = false;
      res.on('data', (chunk: Buffer) => {
        if (over) return;
        size += chunk.length;
        if (size > s.maxBodyBytes) {
          // Settle now: the parser may already hold the rest and still emit 'end'.
          over = true;
          reject(new HttpFailure('limit', `response body passed the run's remaining ${s.maxBodyBytes} bytes`));
          req.destroy();
          return;
        }
        chunks.push(chunk);
      });
      res.on('error', fail);
      res.on('end', () => {
        if (over) return;
        const headers: [string, string][] = [];
        for (let i = 0; i < res.rawHeaders.length; i += 2) headers.push([res.rawHeaders[i].toLowerCase(), res.rawHeaders[i + 1]]);
        resolve({ status: res.statusCode ?? 0, headers, body: new Uint8Array(Buffer.concat(chunks)) });
      });
    });
    req.end(s.body);
  });
}
