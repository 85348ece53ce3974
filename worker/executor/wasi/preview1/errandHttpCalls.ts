/**
 * `errand_http`: the import module through which a WASI preview 1 program makes HTTP exchanges
 * (preview 1 has no HTTP of its own). One call sends a whole request and blocks until the whole
 * response is there; the response stays in the host, under a handle, until the program closes it.
 * C declarations and the wire formats: examples/c-http/errand_http.h.
 *
 *   request(method, method_len, url, url_len, headers, headers_len, body, body_len, out) -> code
 *     headers: "Name: value\n" lines; out: 16 bytes {u32 handle, u32 status, u32 headers_len, u32 body_len}
 *   response_headers(handle, buf, cap) -> code       "name: value\n" lines, exactly headers_len bytes
 *   response_body(handle, offset, buf, cap, nread) -> code
 *   close(handle) -> code
 *   last_error(buf, cap) -> u32                      the last failed call's message (bytes written)
 *
 * Codes: 0 ok; 1 denied (host not allowed, scheme, refused address or redirect); 2 limit (request
 * count, response bytes, redirects); 3 timeout; 4 network (DNS, connect, TLS); 5 invalid (request
 * malformed, or buffer too small); 6 bad handle; 7 fault (pointer outside memory); 8 too many open
 * responses (ERRAND_HTTP_MAX_OPEN). Never a trap, except fuel exhaustion and a diverged replay.
 * Fuel: HOST_CALL_FUEL per call, HOST_BYTE_FUEL per byte copied, plus the exchange's own price
 * (GuestHttp.ts).
 */
import { HOST_BYTE_FUEL } from '../../instrument/costModel.ts';
import type { HttpErrorKind, HttpResponse } from '../../http/exchange.ts';
import type { GuestIo } from '../GuestIo.ts';
import { GuestFault, type GuestMemory } from './GuestMemory.ts';

export const ERRAND_HTTP_MODULE = 'errand_http';
export const ERRAND_HTTP_MAX_OPEN = 16;

export const HttpCode = { OK: 0, DENIED: 1, LIMIT: 2, TIMEOUT: 3, NETWORK: 4, INVALID: 5, BADHANDLE: 6, FAULT: 7, TOOMANY: 8 } as const;

const KIND_CODE: Record<HttpErrorKind, number> = {
  denied: HttpCode.DENIED,
  limit: HttpCode.LIMIT,
  timeout: HttpCode.TIMEOUT,
  network: HttpCode.NETWORK,
  invalid: HttpCode.INVALID,
};

/** Request headers are capped so a guest cannot make the host build an unbounded list. */
const MAX_REQUEST_HEADERS = 256;

interface Open {
  status: number;
  headersText: Uint8Array;
  body: Uint8Array;
}

function parseHeaders(text: string): [string, string][] | undefined {
  const out: [string, string][] = [];
  for (const line of text.split('\n')) {
    if (line === '') continue;
    const colon = line.indexOf(':');
    if (colon <= 0) return undefined;
    out.push([line.slice(0, colon).trim(), line.slice(colon + 1).trim()]);
    if (out.length > MAX_REQUEST_HEADERS) return undefined;
  }
  return out;
}

const headerText = (r: HttpResponse): Uint8Array => new TextEncoder().encode(r.headers.map(([k, v]) => `${k}: ${v}\n`).join(''));

export function errandHttpCalls(ctx: { mem: GuestMemory; io: GuestIo }): Record<string, (...args: never[]) => number> {
  const { mem, io } = ctx;
  const open = new Map<number, Open>();
  let nextHandle = 1;
  let lastError = '';
  const fail = (code: number, message: string): number => {
    lastError = message;
    return code;
  };
  const text = (ptr: number, len: number): string => {
    io.meter.charge((len >>> 0) * HOST_BYTE_FUEL);
    return new TextDecoder().decode(mem.bytes(ptr, len));
  };
  return {
    request: (mp: number, ml: number, up: number, ul: number, hp: number, hl: number, bp: number, bl: number, out: number) => {
      mem.bytes(out, 16);
      if (open.size >= ERRAND_HTTP_MAX_OPEN) return fail(HttpCode.TOOMANY, `${ERRAND_HTTP_MAX_OPEN} responses are open: close one first`);
      const method = text(mp, ml);
      const url = text(up, ul);
      const headers = parseHeaders(text(hp, hl));
      if (!headers) return fail(HttpCode.INVALID, `headers must be at most ${MAX_REQUEST_HEADERS} "Name: value" lines`);
      io.meter.charge((bl >>> 0) * HOST_BYTE_FUEL);
      const body = mem.bytes(bp, bl).slice();
      const outcome = io.http.fetch({ method, url, headers, body });
      if (!outcome.ok) {
        mem.u32(out, 0);
        return fail(KIND_CODE[outcome.error.kind], outcome.error.message);
      }
      const handle = nextHandle++;
      const entry = { status: outcome.response.status, headersText: headerText(outcome.response), body: outcome.response.body };
      open.set(handle, entry);
      mem.u32(out, handle);
      mem.u32(out + 4, entry.status);
      mem.u32(out + 8, entry.headersText.length);
      mem.u32(out + 12, entry.body.length);
      return HttpCode.OK;
    },
    response_headers: (handle: number, buf: number, cap: number) => {
      const entry = open.get(handle);
      if (!entry) return fail(HttpCode.BADHANDLE, `no open response ${handle}`);
      if (cap >>> 0 < entry.headersText.length) return fail(HttpCode.INVALID, `the headers need ${entry.headersText.length} bytes`);
      io.meter.charge(entry.headersText.length * HOST_BYTE_FUEL);
      mem.bytes(buf, entry.headersText.length).set(entry.headersText);
      return HttpCode.OK;
    },
    response_body: (handle: number, offset: number, buf: number, cap: number, nread: number) => {
      const entry = open.get(handle);
      if (!entry) return fail(HttpCode.BADHANDLE, `no open response ${handle}`);
      const from = Math.min(offset >>> 0, entry.body.length);
      const chunk = entry.body.subarray(from, from + (cap >>> 0));
      io.meter.charge(chunk.length * HOST_BYTE_FUEL);
      mem.bytes(buf, chunk.length).set(chunk);
      mem.u32(nread, chunk.length);
      return HttpCode.OK;
    },
    close: (handle: number) => (open.delete(handle) ? HttpCode.OK : fail(HttpCode.BADHANDLE, `no open response ${handle}`)),
    last_error: (buf: number, cap: number) => {
      const bytes = new TextEncoder().encode(lastError).subarray(0, cap >>> 0);
      io.meter.charge(bytes.length * HOST_BYTE_FUEL);
      mem.bytes(buf, bytes.length).set(bytes);
      return bytes.length;
    },
  };
}

export const ERRAND_HTTP_FUNCTIONS: ReadonlySet<string> = new Set(['request', 'response_headers', 'response_body', 'close', 'last_error']);

/** GuestFault (a pointer outside memory) is FAULT for this module, as it is errno FAULT for WASI. */
export function faultCode(e: unknown): number | undefined {
  return e instanceof GuestFault ? HttpCode.FAULT : undefined;
}
