/**
 * A small JSON-over-HTTP helper for talking to the keystore (or the coordinator's proxy of it):
 * a bounded fetch whose coded error bodies come back as the same ErrandError (codes checked
 * against the registry), whose answers are parsed with the keystore/api schema the caller names
 * (KEYSTORE__BAD_RESPONSE otherwise), and whose transport failures and timeouts are coded too.
 * Uses the global fetch, so it works in browsers as well.
 */
import type { z } from 'zod';
import { throwIfAborted } from '../../common/abort.ts';
import { ErrandError, errorFromWire } from '../../common/errors/index.ts';

const MAX_RESPONSE_CHARS = 1024 * 1024;

export async function requestJson<S extends z.ZodType>(
  url: string,
  init: { method: 'GET' | 'POST'; body?: unknown; signal: AbortSignal; fetchImpl?: typeof fetch },
  answer: S,
): Promise<z.infer<S>> {
  const fetchImpl = init.fetchImpl ?? fetch;
  let res: Response;
  try {
    res = await fetchImpl(url, {
      method: init.method,
      headers: init.body === undefined ? {} : { 'content-type': 'application/json' },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
      signal: init.signal,
    });
  } catch (e) {
    throwIfAborted(init.signal, `keystore ${init.method} ${new URL(url).pathname}`);
    throw new ErrandError('COMMON__UNAVAILABLE', `keystore unreachable at ${new URL(url).origin}`, {
      service: 'keystore',
      reason: (e as Error).message,
    });
  }
  const text = await res.text();
  let body: unknown;
  try {
    body = text.length > MAX_RESPONSE_CHARS ? undefined : JSON.parse(text);
  } catch {
    body = undefined;
  }
  if (!res.ok) {
    throw errorFromWire('keystore', res.status, body) ??
      new ErrandError('COMMON__UNAVAILABLE', `keystore answered HTTP ${res.status}`, { service: 'keystore', reason: `http ${res.status}` });
  }
  if (body === undefined) {
    throw new ErrandError('KEYSTORE__BAD_RESPONSE', 'keystore answered with a body that is not JSON', { status: res.status, reason: 'not JSON' });
  }
  const parsed = answer.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const reason = issue ? `${issue.path.join('.') || '(root)'}: ${issue.message}` : 'bad shape';
    throw new ErrandError('KEYSTORE__BAD_RESPONSE', `keystore answered an unexpected ${new URL(url).pathname} body (${reason})`, { status: res.status, reason });
  }
  return parsed.data;
}
