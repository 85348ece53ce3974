/**
 * The named retry policies (see retry.ts), one per kind of work that retries, each with the errors
 * it retries: everything else fails at once. Backoffs grow by 2 and carry jitter, so retries that
 * failed together do not come back together.
 */
import { isErrandError } from './errors/index.ts';
import type { RetryPolicy } from './retry.ts';

// Serialization failure, deadlock detected, cannot connect now.
const TRANSIENT_SQLSTATES = new Set(['40001', '40P01', '57P03']);

/** A Postgres error a retry can fix (by its SQLSTATE). */
export function isTransientDbError(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === 'string' && TRANSIENT_SQLSTATES.has(code);
}

/** A NEAR RPC error a retry can fix: node timeouts, unreachable RPC, a stale nonce, an expired block hash. */
export function isTransientChainError(e: unknown): boolean {
  return (
    isErrandError(e, 'COMMON__TIMEOUT') ||
    isErrandError(e, 'CHAIN__RPC_UNREACHABLE') ||
    isErrandError(e, 'CHAIN__INVALID_NONCE') ||
    (isErrandError(e, 'CHAIN__INVALID_TRANSACTION') && e.context.reason === 'Expired')
  );
}

/**
 * near-api-js's HTTP retry test (@near-js/providers fetch_json.js), word for word: HTTP 503, 500 or
 * 408 (its ProviderError carries the status as its cause), or a fetch error by its text.
 */
export function isRetryableRpcHttpError(e: unknown): boolean {
  if ([503, 500, 408].includes((e as { cause?: unknown })?.cause as number)) return true;
  const text = String(e);
  return text.includes('FetchError') || text.includes('Failed to fetch');
}

export const RETRY_POLICIES = {
  /** A database statement or transaction (graphile's rule: named transient SQLSTATEs only). */
  dbTransient: {
    name: 'database',
    maxAttempts: 5,
    baseMs: 20,
    factor: 2,
    capMs: Infinity,
    jitter: [0.5, 1.5],
    retryable: isTransientDbError,
  },
  /**
   * One NEAR JSON-RPC POST, as near-api-js retries it (no jitter, wait * backoff^n); nearRpcHttp()
   * fills in the provider's own `retries`, `wait` and `backoff`.
   */
  rpcHttp: {
    name: 'NEAR RPC',
    maxAttempts: 3,
    baseMs: 100,
    factor: 2,
    capMs: Infinity,
    jitter: [1, 1],
    retryable: isRetryableRpcHttpError,
  },
  /** Signing and sending one NEAR transaction (TxSender: the caller's maxAttempts replaces the default). */
  txSubmit: {
    name: 'NEAR transaction',
    maxAttempts: 5,
    baseMs: 100,
    factor: 2,
    capMs: Infinity,
    jitter: [0.5, 1.5],
    retryable: isTransientChainError,
  },
  /** A worker lane's poll-and-run turn: any failure (the coordinator is down, ...) backs off, for ever. */
  coordinatorPoll: {
    name: 'coordinator poll',
    maxAttempts: Infinity,
    baseMs: 100,
    factor: 2,
    capMs: 5_000,
    jitter: [1, 2],
    retryable: () => true,
  },
  /**
   * Asking the keystore for a challenge under challenge-store pressure: waited out within the
   * caller's time limit; running out of it, the pressure is the error (retryable for the worker).
   */
  keystoreChallenge: {
    name: 'keystore challenge',
    maxAttempts: Infinity,
    baseMs: 100,
    factor: 2,
    capMs: 2_000,
    jitter: [0.5, 1],
    abortWaitThrowsLastError: true,
    retryable: (e: unknown) => isErrandError(e, 'KEYSTORE__CHALLENGE_LIMIT'),
  },
} as const satisfies Record<string, RetryPolicy>;

/** RETRY_POLICIES.rpcHttp with a near-api-js provider's options (`retries` attempts in all, at least one). */
export function nearRpcHttp(options: { retries: number; backoff: number; wait: number }): RetryPolicy {
  return { ...RETRY_POLICIES.rpcHttp, maxAttempts: Math.max(1, options.retries), baseMs: options.wait, factor: options.backoff };
}
