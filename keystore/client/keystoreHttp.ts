/**
 * A small JSON-over-HTTP helper for talking to the keystore (or the coordinator's proxy of it), on
 * the shared HttpClient: coded error bodies come back as the same ErrandError, transport failures
 * and cancellations are coded too (COMMON__UNAVAILABLE, COMMON__TIMEOUT, COMMON__ABORTED).
 */
import { ErrandError, isErrandError, type ErrandErrorCode } from '../../common/errors/index.ts';
import { sharedHttpClient } from '../../common/http/sharedHttpClient.ts';
import type { HttpAnswer } from '../../common/http/HttpClient.ts';

const MAX_RESPONSE_CHARS = 1024 * 1024;

export async function requestJson(url: string, init: { method: 'GET' | 'POST'; body?: unknown; signal: AbortSignal }): Promise<unknown> {
  const { origin, pathname } = new URL(url);
  let res: HttpAnswer;
  let text: string;
  try {
    res = await sharedHttpClient().request(url, {
      method: init.method,
      headers: init.body === undefined ? {} : { 'content-type': 'application/json' },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
      signal: init.signal,
      operation: `keystore ${init.method} ${pathname}`,
    });
    text = await res.text();
  } catch (e) {
    if (isErrandError(e, 'COMMON__TIMEOUT') || isErrandError(e, 'COMMON__ABORTED')) throw e;
    throw new ErrandError('COMMON__UNAVAILABLE', `keystore unreachable at ${origin}`, {
      service: 'keystore',
      reason: (e as Error).message,
    });
  }
  let body: unknown;
  try {
    body = text.length > MAX_RESPONSE_CHARS ? undefined : JSON.parse(text);
  } catch {
    body = undefined;
  }
  if (!res.ok) {
    const coded = body as { code?: unknown; error?: unknown; details?: unknown } | undefined;
    if (coded && typeof coded.code === 'string' && /^[A-Z]+__[A-Z0-9_]+$/.test(coded.code)) {
      throw new ErrandError(coded.code as ErrandErrorCode, String(coded.error ?? coded.code), (coded.details ?? {}) as never);
    }
    throw new ErrandError('COMMON__UNAVAILABLE', `keystore answered HTTP ${res.status}`, { service: 'keystore', reason: `http ${res.status}` });
  }
  if (body === undefined) {
    throw new ErrandError('COMMON__UNAVAILABLE', 'keystore answered with a body that is not JSON', { service: 'keystore', reason: 'bad body' });
  }
  return body;
}
