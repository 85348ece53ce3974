/**
 * Errand's one retry loop. What to retry and how long to wait is a named policy (RETRY_POLICIES in
 * retryPolicies.ts): at most `maxAttempts` attempts, `baseMs * factor^(n-1)` (at most `capMs`)
 * before attempt n+1, scaled by a random factor in `jitter`. An error the policy does not name as
 * retryable is thrown at once, and so is any error once the signal has aborted: a cancelled caller
 * never waits for another attempt. An abort during a wait ends it at once with the coded abort error
 * (abortError, named after the policy), or with the last attempt's error if the policy says so.
 *
 * Not promised: that an attempt stops when the signal aborts; `fn` gets the signal for that.
 */
import { abortError } from './abort.ts';

export interface RetryPolicy {
  /** Names the policy in logs and in the error of an abort during a wait. */
  readonly name: string;
  /** Attempts in all (Infinity: until success, a non-retryable error or an abort). */
  readonly maxAttempts: number;
  /** The wait after the first failed attempt, before jitter. */
  readonly baseMs: number;
  /** Each further wait is this many times the previous one ... */
  readonly factor: number;
  /** ... up to this (before jitter). */
  readonly capMs: number;
  /** The wait is multiplied by a uniform random number in [min, max). */
  readonly jitter: readonly [min: number, max: number];
  /** Whether an attempt that failed with `e` is worth another. */
  retryable(e: unknown): boolean;
  /** An abort during a wait throws the last attempt's error (it says why there was a wait) instead of the abort error. */
  readonly abortWaitThrowsLastError?: boolean;
}

export interface RetryHooks {
  /** Called after a failed attempt that will be retried, before the wait (e.g. to reset state or log). */
  onRetry?(e: unknown, attempt: number, delayMs: number): void;
}

/** Runs `fn` (given the attempt number, from 1) until it succeeds or the policy gives up. */
export async function retry<T>(fn: (attempt: number) => Promise<T>, policy: RetryPolicy, signal?: AbortSignal, hooks?: RetryHooks): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn(attempt);
    } catch (e) {
      if (signal?.aborted || attempt >= policy.maxAttempts || !policy.retryable(e)) throw e;
      const delayMs = backoffMs(policy, attempt);
      hooks?.onRetry?.(e, attempt, delayMs);
      await wait(delayMs, signal, policy, e);
    }
  }
}

/** The wait after failed attempt `attempt` (from 1). */
export function backoffMs(policy: RetryPolicy, attempt: number): number {
  const [min, max] = policy.jitter;
  const base = Math.min(policy.capMs, policy.baseMs * policy.factor ** (attempt - 1));
  return base * (min + Math.random() * (max - min));
}

function wait(ms: number, signal: AbortSignal | undefined, policy: RetryPolicy, lastError: unknown): Promise<void> {
  if (ms <= 0 && !signal) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(policy.abortWaitThrowsLastError ? lastError : abortError(signal!, `${policy.name} retry`));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
