/**
 * One HTTP call of the client: timeout + caller's AbortSignal on every call, JSON in, and coded
 * errors mapped back from `{error, code, details}` into ErrandError (codes checked against the
 * registry: common/errors/fromWire.ts). Transport failures are COMMON__UNAVAILABLE, timeouts
 * COMMON__TIMEOUT, aborts COMMON__ABORTED. Answers are parsed by readAnswer.ts.
 */
import { ErrandError, errorFromWire, isErrandError } from '../../common/errors/index.ts';
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
    res = await http.request(baseUrl + call.path, {
      method: call.method,
      headers,
      body,
      signal: opts.signal,
      timeoutMs: opts.timeoutMs,
      operation: `${call.method} ${call.path}`,
    });
  } catch (e) {
    if (isErrandError(e, 'COMMON__TIMEOUT') || isErrandError(e, 'COMMON__ABORTED')) throw e;
    throw new ErrandError(
      'COMMON__UNAVAILABLE',
      `coordinator unreachable: ${(e as Error).message}`,
      {
        service: 'coordinator',
        reason: (e as Error).message,
      },
      { cause: e },
    );
  }
  if (res.ok) return res;
  throw await errorFrom(res);
}

async function errorFrom(res: HttpAnswer): Promise<ErrandError> {
  const text = await res.text().catch(() => '');
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON: not a coded error
  }
  return (
    errorFromWire('coordinator', res.status, body) ??
    new ErrandError('COORDINATOR__BAD_RESPONSE', `coordinator answered ${res.status} without a coded error`, {
      status: res.status,
      reason: text.slice(0, 200),
    })
  );
}
