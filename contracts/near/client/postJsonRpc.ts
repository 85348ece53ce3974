/**
 * near-api-js's fetchJsonRpc (@near-js/providers fetch_json.js) over Errand's HttpClient: the same
 * ProviderError per HTTP status, the same retries (RETRY_POLICIES.rpcHttp: 500/503/408 only,
 * `wait * backoff^n` apart, `retries` attempts in all) and the same failures (TypeError 'fetch
 * failed' for a socket error, SyntaxError for a non-JSON body), so mapNearError sees what it saw
 * from near-api-js. Unlike it, an aborted signal stops the attempts and the waits between them.
 */
import type { HttpAnswer, HttpClient } from '../../../common/http/HttpClient.ts';
import { retry, type RetryPolicy } from '../../../common/retry.ts';

/** near-api-js's ProviderError (not exported there): a plain Error whose `cause` is the HTTP status. */
export class ProviderError extends Error {
  declare cause: number;

  constructor(message: string, options: { cause: number }) {
    super(message, options);
    // As near-api-js's class field does: an own enumerable `cause` (Error's own is not enumerable),
    // defined explicitly so it does not depend on how the class field is compiled.
    Object.defineProperty(this, 'cause', { value: options.cause, enumerable: true, writable: true, configurable: true });
  }
}

export async function postJsonRpc(
  http: HttpClient,
  url: string,
  body: string,
  headers: Record<string, string>,
  policy: RetryPolicy,
  signal?: AbortSignal,
): Promise<unknown> {
  const res = await retry(
    async () => {
      const answer = await http.request(url, { method: 'POST', headers, body, signal, operation: 'NEAR RPC' });
      await throwForStatus(answer, url);
      return answer;
    },
    policy,
    signal,
  );
  return JSON.parse(await res.text());
}

async function throwForStatus(res: HttpAnswer, url: string): Promise<void> {
  const { status } = res;
  if (res.ok) return;
  const text = await res.text(); // read in every case: the socket goes back to the pool only once it is
  if (status === 500) throw new ProviderError('Internal server error', { cause: status });
  if (status === 408) throw new ProviderError('Timeout error', { cause: status });
  if (status === 400) throw new ProviderError('Request validation error', { cause: status });
  if (status === 503) throw new ProviderError(`${url} unavailable`, { cause: status });
  throw new ProviderError(text, { cause: status });
}
