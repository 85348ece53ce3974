/**
 * The `http` capability of a request (in `request_execution` on each chain): the hosts its program
 * may call, exact names with an optional leading `*.` and an optional `:port`, and the most
 * requests and response-body bytes it may use. Without it a program has no network at all.
 */
export interface HttpCapability {
  allow: string[];
  maxRequests: number;
  maxResponseBytes: number;
}

/** The contracts' bounds (contracts/near/contract/src/http.rs), checked again off-chain. */
export const HTTP_LIMITS = { maxHosts: 16, maxRequests: 256, maxResponseBytes: 16 << 20 } as const;

const LABEL = '(?!-)[a-z0-9-]{1,63}(?<!-)';
/** `host` or `*.host` (at least two labels after the wildcard) with an optional port 1..65535. */
const HOST_PATTERN = new RegExp(`^(?:\\*\\.${LABEL}(?:\\.${LABEL})+|${LABEL}(?:\\.${LABEL})*)(?::(?:[1-9][0-9]{0,4}))?$`);

export function isHostPattern(p: string): boolean {
  if (!HOST_PATTERN.test(p)) return false;
  const port = p.includes(':') ? Number(p.slice(p.lastIndexOf(':') + 1)) : 1;
  const host = p.replace(/:\d+$/, '').replace(/^\*\./, '');
  return port >= 1 && port <= 65535 && host.length <= 253;
}
