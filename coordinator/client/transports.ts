/**
 * How the coordinator client sends a request: by default over its own keep-alive node:http pool
 * (cheap on the main thread, sockets reused across calls); or through a fetch the caller injects,
 * exactly as before (AbortSignal.timeout + AbortSignal.any per call).
 */
import { throwIfAborted, withTimeout } from '../../common/abort.ts';
import { Deadline } from '../../common/deadline.ts';
import type { HttpAnswer, KeepAliveTransport } from '../../common/http/KeepAliveTransport.ts';
import type { HttpTransport } from './httpCall.ts';

export function keepAliveTransport(pool: KeepAliveTransport): HttpTransport {
  return (url, init, limits) => {
    const deadline = new Deadline(limits.operation, limits.timeoutMs, limits.signal);
    // Disposed when the exchange is over: the limit covers reading the body as well.
    return pool.request(url, init, deadline, () => deadline.dispose());
  };
}

export function fetchTransport(fetchFn: typeof fetch): HttpTransport {
  return async (url, init, limits) => {
    const signal = withTimeout(limits.signal, limits.timeoutMs);
    try {
      // A Response is an HttpAnswer (its body stream is async-iterable in Node).
      return (await fetchFn(url, { method: init.method, headers: init.headers, body: init.body as RequestInit['body'], signal })) as unknown as HttpAnswer;
    } catch (e) {
      throwIfAborted(signal, limits.operation, limits.timeoutMs);
      throw e;
    }
  };
}
