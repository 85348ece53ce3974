/**
 * near-api-js's fetchJsonRpc (@near-js/providers fetch_json.js) over a KeepAliveTransport: the same
 * ProviderError per HTTP status, the same retries (500/503/408 only, `wait * backoff^n` apart,
 * `retries` attempts in all) and the same failures (TypeError 'fetch failed' for a socket error,
 * SyntaxError for a non-JSON body), so mapNearError sees what it saw from near-api-js.
 * Unlike it, a cancelled Deadline stops the attempts and the waits between them.
 */
import { sleep } from '../../../common/abort.ts';
import type { Deadline } from '../../../common/deadline.ts';
import type { KeepAliveAnswer, KeepAliveTransport } from '../../../common/http/KeepAliveTransport.ts';

/** near-api-js's ProviderError (not exported there): a plain Error whose `cause` is the HTTP status. */
export class ProviderError extends Error {
  override cause: number;

  constructor(message: string, options: { cause: number }) {
    super(message, options);
    this.cause = options.cause;
  }
}

export interface RetryOptions {
  retries: number;
  backoff: number;
  wait: number;
}

export async function postJsonRpc(transport: KeepAliveTransport, url: string, body: string, headers: Record<string, string>, retry: RetryOptions, deadline?: Deadline): Promise<unknown> {
  const attempts = Math.max(1, retry.retries);
  let res: KeepAliveAnswer;
  for (let attempt = 1; ; attempt++) {
    try {
      res = await transport.request(url, { method: 'POST', headers, body }, deadline);
      await throwForStatus(res, url);
      break;
    } catch (e) {
      if (attempt >= attempts || deadline?.cancelled || !isRetryable(e)) throw e;
    }
    const delay = retry.wait * retry.backoff ** (attempt - 1);
    await (deadline ? deadline.sleep(delay) : sleep(delay));
  }
  return JSON.parse(await res.text());
}

async function throwForStatus(res: KeepAliveAnswer, url: string): Promise<void> {
  const { status } = res;
  if (res.ok) return;
  const text = await res.text(); // read in every case: the socket goes back to the pool only once it is
  if (status === 500) throw new ProviderError('Internal server error', { cause: status });
  if (status === 408) throw new ProviderError('Timeout error', { cause: status });
  if (status === 400) throw new ProviderError('Request validation error', { cause: status });
  if (status === 503) throw new ProviderError(`${url} unavailable`, { cause: status });
  throw new ProviderError(text, { cause: status });
}

// fetch_json.js's retry test, word for word: the status codes, or a fetch error by its text.
function isRetryable(e: unknown): boolean {
  if ([503, 500, 408].includes((e as { cause?: unknown })?.cause as number)) return true;
  const text = String(e);
  return text.includes('FetchError') || text.includes('Failed to fetch');
}
