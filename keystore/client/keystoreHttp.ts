/**
 * A small JSON-over-HTTP helper for talking to the keystore (or the coordinator's proxy of it):
 * a bounded fetch whose coded error bodies come back as the same ErrandError, and whose transport
 * failures and timeouts are coded too. Uses the global fetch, so it works in browsers as well.
 */
import { throwIfAborted } from '../../common/abort.ts';
import { ErrandError, type ErrandErrorCode } from '../../common/errors/index.ts';

const MAX_RESPONSE_CHARS = 1024 * 1024;

export async function requestJson(
  url: string,
  init: { method: 'GET' | 'POST'; body?: unknown; signal: AbortSignal; fetchImpl?: typeof fetch },
): Promise<unknown> {
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
