/**
 * near-api-js's JsonRpcProvider with its one network call, sendJsonRpc, over Errand's HttpClient
 * (keep-alive sockets, one pool per provider) instead of fetch: every near-api-js method works as
 * before, and each call costs a fraction of fetch's main-thread CPU. Errors are near-api-js's own
 * (TypedError / ServerError built by its exported helpers, ProviderError per HTTP status), with
 * its retry rules; see postJsonRpc.ts.
 *
 * sendJsonRpcWithin adds an AbortSignal (rpcCall passes its time limit that way): a cancelled call
 * stops at once with the signal's coded error and frees its socket.
 * close() drops the pooled sockets; without it idle sockets still never keep the process alive.
 */
import { JsonRpcProvider } from '@near-js/providers';
import { TypedError } from '@near-js/types';
import { formatError, getErrorTypeFromErrorMessage, parseRpcError, ServerError } from '@near-js/utils';
import { throwIfAborted } from '../../../common/abort.ts';
import { HttpClient } from '../../../common/http/HttpClient.ts';
import type { RetryPolicy } from '../../../common/retry.ts';
import { nearRpcHttp } from '../../../common/retryPolicies.ts';
import { postJsonRpc } from './postJsonRpc.ts';

type ProviderArgs = ConstructorParameters<typeof JsonRpcProvider>;

interface RpcResponse {
  result?: unknown;
  error?: { code?: number; name?: string; message?: string; data?: unknown };
}

let nextId = 123;

export class KeepAliveJsonRpcProvider extends JsonRpcProvider {
  private readonly http = new HttpClient();
  private readonly retryPolicy: RetryPolicy;
  private headers: Record<string, string> | undefined;

  constructor(connectionInfo: ProviderArgs[0], options?: ProviderArgs[1]) {
    super(connectionInfo, options);
    this.retryPolicy = nearRpcHttp(this.options);
  }

  override sendJsonRpc<T>(method: string, params: object): Promise<T> {
    return this.sendJsonRpcWithin<T>(method, params);
  }

  async sendJsonRpcWithin<T>(method: string, params: object, signal?: AbortSignal): Promise<T> {
    throwIfAborted(signal, `NEAR RPC ${method}`);
    const body = JSON.stringify({ method, params, id: nextId++, jsonrpc: '2.0' });
    const response = (await postJsonRpc(this.http, this.connection.url, body, this.requestHeaders(), this.retryPolicy, signal)) as RpcResponse;
    return unwrap<T>(response, method, params, this.options.retries);
  }

  close(): void {
    this.http.close();
  }

  private requestHeaders(): Record<string, string> {
    if (this.headers) return this.headers;
    // fetch's defaults, then the connection's headers, then JSON, as fetchJsonRpc sends them.
    const headers: Record<string, string> = { accept: '*/*', 'user-agent': 'node' };
    for (const [k, v] of Object.entries(this.connection.headers ?? {})) headers[k.toLowerCase()] = String(v);
    headers['content-type'] = 'application/json';
    return (this.headers = headers);
  }
}

/** The result of a JSON-RPC response, or the error near-api-js's sendJsonRpc throws for it (same branches, same helpers). */
function unwrap<T>(response: RpcResponse, method: string, params: object, retries: number): T {
  const { error } = response;
  if (error) {
    // typeof null is 'object' here too: a null `data` fails as it does in near-api-js.
    if (typeof error.data === 'object') {
      const data = error.data as Record<string, unknown>;
      if (typeof data['error_message'] === 'string' && typeof data['error_type'] === 'string') throw new TypedError(data['error_message'], data['error_type']);
      throw parseRpcError(data);
    }
    const errorType = getErrorTypeFromErrorMessage(error.data, '');
    if (errorType) throw new TypedError(formatError(errorType, params), errorType);
    throw new TypedError(`[${error.code}] ${error.message}: ${error.data}`, error.name);
  }
  const resultError = (response.result as { error?: unknown } | undefined)?.error;
  if (typeof resultError === 'string') {
    const errorType = getErrorTypeFromErrorMessage(resultError, '');
    if (errorType) throw new ServerError(formatError(errorType, params), errorType);
  }
  if (typeof response.result === 'undefined') throw new TypedError(`Exceeded ${retries} attempts for request to ${method}.`, 'RetriesExceeded');
  return response.result as T;
}
