/**
 * A small JSON-over-HTTP helper for talking to the keystore (or the coordinator's proxy of it), on
 * the shared HttpClient: coded error bodies come back as the same ErrandError (codes checked
 * against the registry), answers are parsed with the keystore/api schema the caller names
 * (KEYSTORE__BAD_RESPONSE otherwise), and transport failures and cancellations are coded too
 * (COMMON__UNAVAILABLE, COMMON__TIMEOUT, COMMON__ABORTED).
 */
import type { z } from 'zod';
import { ErrandError, errorFromWire, isErrandError } from '../../common/errors/index.ts';
import { sharedHttpClient } from '../../common/http/sharedHttpClient.ts';
import type { HttpAnswer } from '../../common/http/HttpClient.ts';

const MAX_RESPONSE_CHARS = 1024 * 1024;

export async function requestJson<S extends z.ZodType>(
  url: string,
  init: { method: 'GET' | 'POST'; body?: unknown; signal: AbortSignal },
  answer: S,
): Promise<z.infer<S>> {
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
    throw (
      errorFromWire('keystore', res.status, body) ??
      new ErrandError('COMMON__UNAVAILABLE', `keystore answered HTTP ${res.status}`, { service: 'keystore', reason: `http ${res.status}` })
    );
  }
  if (body === undefined) {
    throw new ErrandError('KEYSTORE__BAD_RESPONSE', 'keystore answered with a body that is not JSON', { status: res.status, reason: 'not JSON' });
  }
  const parsed = answer.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const reason = issue ? `${issue.path.join('.') || '(root)'}: ${issue.message}` : 'bad shape';
    throw new ErrandError('KEYSTORE__BAD_RESPONSE', `keystore answered an unexpected ${pathname} body (${reason})`, { status: res.status, reason });
  }
  return parsed.data;
}
