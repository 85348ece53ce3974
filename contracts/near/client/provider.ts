/** A near-api-js JsonRpcProvider for any NEAR RPC URL (the local chain's or a real network's). */
import { JsonRpcProvider } from '@near-js/providers';

export function nearProvider(url: string): JsonRpcProvider {
  // Few HTTP-level retries: Errand's callers retry on coded transient errors themselves.
  return new JsonRpcProvider({ url }, { retries: 2, backoff: 2, wait: 100 });
}
