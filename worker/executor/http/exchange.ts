/**
 * One HTTP exchange as the guest sees it: the request it made and what came back. These shapes
 * cross the thread bridge (structured clone) and are what the transcript records.
 */

/** Why an exchange did not produce a response; the guest gets an error, never a connection. */
export const HTTP_ERROR_KINDS = [
  /** Host not in the allowlist, scheme not allowed, an address refused, a redirect to a refused place. */
  'denied',
  /** maxRequests or maxResponseBytes reached. */
  'limit',
  /** The exchange passed its time limit. */
  'timeout',
  /** DNS, connection, TLS or protocol failure. */
  'network',
  /** The guest's request itself is malformed (method, URL, headers). */
  'invalid',
] as const;
export type HttpErrorKind = (typeof HTTP_ERROR_KINDS)[number];

export interface HttpRequest {
  method: string;
  url: string;
  /** Header names as the guest gave them, in order. */
  headers: [string, string][];
  body: Uint8Array;
}

export interface HttpResponse {
  status: number;
  /** Lower-case names, in the order received. */
  headers: [string, string][];
  body: Uint8Array;
}

export type HttpOutcome =
  | { ok: true; response: HttpResponse; redirects: { status: number; url: string }[] }
  | { ok: false; error: { kind: HttpErrorKind; message: string }; redirects: { status: number; url: string }[] };

/** Bytes a request moves (what fuel is charged on): method, URL, header names and values, body. */
export function requestBytes(r: HttpRequest): number {
  return Buffer.byteLength(r.method) + Buffer.byteLength(r.url) + headerBytes(r.headers) + r.body.length;
}

export function headerBytes(headers: [string, string][]): number {
  return headers.reduce((n, [k, v]) => n + Buffer.byteLength(k) + Buffer.byteLength(v) + 4, 0);
}

export function responseBytes(r: HttpResponse): number {
  return headerBytes(r.headers) + r.body.length;
}
