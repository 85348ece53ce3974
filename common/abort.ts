/**
 * Helpers for the rule that every long operation takes an AbortSignal and a timeout.
 */
import { ErrandError } from './errors/index.ts';

/** A signal that aborts when `parent` aborts or after `timeoutMs`, whichever comes first. */
export function withTimeout(parent: AbortSignal | undefined, timeoutMs: number): AbortSignal {
  const timeout = AbortSignal.timeout(timeoutMs);
  return parent ? AbortSignal.any([parent, timeout]) : timeout;
}

/** Throws a coded error if the signal has aborted: COMMON__TIMEOUT for timeouts, else COMMON__ABORTED. */
export function throwIfAborted(signal: AbortSignal | undefined, operation: string, timeoutMs = 0): void {
  if (!signal?.aborted) return;
  const reason: unknown = signal.reason;
  if (reason instanceof DOMException && reason.name === 'TimeoutError') {
    throw new ErrandError('COMMON__TIMEOUT', `${operation} timed out`, { operation, timeoutMs });
  }
  throw new ErrandError('COMMON__ABORTED', `${operation} was aborted`, { operation });
}

/** Resolves after `ms`, or rejects with COMMON__ABORTED when the signal aborts first. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new ErrandError('COMMON__ABORTED', 'sleep aborted', { operation: 'sleep' }));
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(new ErrandError('COMMON__ABORTED', 'sleep aborted', { operation: 'sleep' }));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
