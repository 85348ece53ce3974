/**
 * Which failures hand a job back for another try instead of resolving the request with an error:
 * the worker was stopped or lost its lease, or a service it depends on did not answer. A build
 * error, an access denial or a bad request is permanent and is reported on-chain.
 */
import { isErrandError } from '../../common/errors/index.ts';

// WORKER__SANDBOX_UNAVAILABLE: this worker's sandbox is broken, not the source; another worker may build it.
// COORDINATOR__WASM_NOT_FOUND: the cached module was evicted after the claim; the next claim compiles it.
// WORKER__CHAIN_NOT_SERVED: this worker has no key on the request's chain; another worker may.
// KEYSTORE__CHALLENGE_LIMIT: the keystore's challenge store is under pressure (a flood, or this
// worker's own lanes); the request itself is fine and must not be resolved as failed.
// A permanent error fails the request at once (JobRunner), so a code that a second try can get past
// belongs here: rate limits, a lock that expired, a nonce race, a node or proxy answering garbage.
const TRANSIENT_CODES = new Set<string>([
  'COMMON__ABORTED',
  'COMMON__UNAVAILABLE',
  'COMMON__TIMEOUT',
  'WORKER__SANDBOX_UNAVAILABLE',
  'COORDINATOR__WASM_NOT_FOUND',
  'COORDINATOR__RATE_LIMITED',
  'COORDINATOR__LOCK_NOT_OWNED',
  'COORDINATOR__BAD_RESPONSE',
  'CHAIN__INVALID_NONCE',
  'CHAIN__RPC_ERROR',
  'CHAIN__BAD_RESPONSE',
  'KEYSTORE__CHALLENGE_LIMIT',
  'KEYSTORE__BAD_RESPONSE',
  'WORKER__CHAIN_NOT_SERVED',
]);

export function isTransient(e: unknown, signal: AbortSignal): boolean {
  if (signal.aborted) return true;
  if (isErrandError(e)) return TRANSIENT_CODES.has(e.code) || e.code.endsWith('_UNREACHABLE') || e.code.endsWith('_LEASE_LOST');
  // Transport failures of the HTTP client (TypeError 'fetch failed' whose cause is the socket error:
  // ECONNREFUSED and friends) are transient; anything else is a bug.
  const cause = (e as { cause?: { code?: string } })?.cause;
  return e instanceof TypeError && typeof cause?.code === 'string';
}
