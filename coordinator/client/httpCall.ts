/**
 * One HTTP call of the client: timeout + caller's AbortSignal on every call, JSON in and out, and
 * coded errors mapped back from `{error, code, details}` into ErrandError. Transport failures are
 * COMMON__UNAVAILABLE, timeouts COMMON__TIMEOUT, aborts COMMON__ABORTED.
 */
import { ErrandError, isErrandError, type ErrandErrorCode } from '../../common/errors/index.ts';
import type { HttpAnswer, HttpClient } from '../../common/http/HttpClient.ts';

export interface CallOptions {
  signal?: AbortSignal;
  timeoutMs?: number;
}

export interface RawCall {
  method: string;
  path: string;
  json?: unknown;
  body?: Uint8Array;
  contentType?: string;
  headers?: Record<string, string>;
}

export async function httpCall(
  http: HttpClient,
  baseUrl: string,
  token: string | undefined,
  call: RawCall,
  opts: CallOptions & { timeoutMs: number },
): Promise<HttpAnswer> {
  const headers: Record<string, string> = { ...call.headers };
  if (token) headers.authorization = `Bearer ${token}`;
  let body: string | Uint8Array | undefined;
  if (call.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(call.json);
  } else if (call.body) {
    headers['content-type'] = call.contentType ?? 'application/octet-stream';
    body = call.body;
  }
  let res: HttpAnswer;
  try {
    // The time limit covers the answer's body too; a cancelled call is COMMON__TIMEOUT / COMMON__ABORTED named after the call.
    res = await http.request(baseUrl + call.path, { method: call.method, headers, body, signal: opts.signal, timeoutMs: opts.timeoutMs, operation: `${call.method} ${call.path}` });
  } catch (e) {
    if (isErrandError(e, 'COMMON__TIMEOUT') || isErrandError(e, 'COMMON__ABORTED')) throw e;
    throw new ErrandError('COMMON__UNAVAILABLE', `coordinator unreachable: ${(e as Error).message}`, {
      service: 'coordinator',
      reason: (e as Error).message,
    }, { cause: e });
  }
  if (res.ok) return res;
  throw await errorFrom(res);
}

async function errorFrom(res: HttpAnswer): Promise<ErrandError> {
  const text = await res.text().catch(() => '');
  try {
    const j = JSON.parse(text) as { error?: unknown; code?: unknown; details?: unknown };
    if (typeof j.code === 'string' && typeof j.error === 'string') {
      // The server only sends codes from the shared registry; the context shape follows the code.
      return new ErrandError(j.code as ErrandErrorCode, j.error, (j.details ?? {}) as never);
    }
  } catch {
    // fall through: not a coded JSON error
  }
  return new ErrandError('COORDINATOR__BAD_RESPONSE', `coordinator answered ${res.status} without a coded error`, {
    status: res.status,
    reason: text.slice(0, 200),
  });
}

export async function readJson<T>(res: HttpAnswer): Promise<T> {
  const text = await res.text();
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new ErrandError('COORDINATOR__BAD_RESPONSE', 'coordinator answered with non-JSON', { status: res.status, reason: text.slice(0, 200) });
  }
}
