/** A JSON-RPC provider for any NEAR RPC URL (the local chain's or a real network's): near-api-js's, over keep-alive sockets. */
import { KeepAliveJsonRpcProvider } from './KeepAliveJsonRpcProvider.ts';

export function nearProvider(url: string): KeepAliveJsonRpcProvider {
  // Few HTTP-level retries: Errand's callers retry on coded transient errors themselves.
  return new KeepAliveJsonRpcProvider({ url }, { retries: 2, backoff: 2, wait: 100 });
}
