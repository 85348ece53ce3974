/**
 * Helpers for the rule that every long operation takes an AbortSignal and a timeout. AbortSignal is
 * Errand's one cancellation model: a time limit is a signal too (withTimeout, or timeLimit on the
 * hot path), and whoever runs an operation listens to its signal and stops.
 */
import { ErrandError } from './errors/index.ts';

/** A signal that aborts when `parent` aborts or after `timeoutMs`, whichever comes first. */
export function withTimeout(parent: AbortSignal | undefined, timeoutMs: number): AbortSignal {
  const timeout = AbortSignal.timeout(timeoutMs);
  return parent ? AbortSignal.any([parent, timeout]) : timeout;
}

/** A time limit over a caller's signal (timeLimit): its signal, and clear() to stop its timer. */
export interface TimeLimit {
  readonly signal: AbortSignal;
  /** Stops the timer and the parent listener once the operation is over; the signal then never aborts. */
  clear(): void;
}

/**
 * withTimeout for calls on the hot path (every NEAR RPC and coordinator call): one AbortController,
 * one timer and at most one listener, cleared when the call ends, where AbortSignal.timeout +
 * AbortSignal.any keep a timer and weak references alive for the whole limit. Its signal's reason is
 * already the coded error throwIfAborted raises for it: COMMON__TIMEOUT `<operation> timed out` when
 * the limit passes (or the caller's signal is a timeout), COMMON__ABORTED `<operation> was aborted`
 * when the caller aborts; so code that rejects with `signal.reason` (undici does) rejects coded.
 */
export function timeLimit(operation: string, timeoutMs: number, parent?: AbortSignal): TimeLimit {
  const controller = new AbortController();
  if (parent?.aborted) {
    controller.abort(abortError(parent, operation, timeoutMs));
    return { signal: controller.signal, clear: () => {} };
  }
  const onParentAbort = (): void => {
    clearTimeout(timer);
    controller.abort(abortError(parent!, operation, timeoutMs));
  };
  const timer = setTimeout(() => {
    parent?.removeEventListener('abort', onParentAbort);
    controller.abort(new ErrandError('COMMON__TIMEOUT', `${operation} timed out`, { operation, timeoutMs }));
  }, timeoutMs);
  // Like AbortSignal.timeout: a pending limit alone does not keep the process alive.
  timer.unref();
  parent?.addEventListener('abort', onParentAbort, { once: true });
  return {
    signal: controller.signal,
    clear: () => {
      clearTimeout(timer);
      parent?.removeEventListener('abort', onParentAbort);
    },
  };
}

/**
 * The coded error for an aborted signal: its reason when that is already a COMMON__TIMEOUT or
 * COMMON__ABORTED (a timeLimit's), else COMMON__TIMEOUT for a timeout signal and COMMON__ABORTED for
 * any other abort, named after `operation`.
 */
export function abortError(signal: AbortSignal, operation: string, timeoutMs = 0): ErrandError {
  const reason: unknown = signal.reason;
  if (reason instanceof ErrandError && (reason.code === 'COMMON__TIMEOUT' || reason.code === 'COMMON__ABORTED')) return reason;
  if (reason instanceof DOMException && reason.name === 'TimeoutError') {
    return new ErrandError('COMMON__TIMEOUT', `${operation} timed out`, { operation, timeoutMs });
  }
  return new ErrandError('COMMON__ABORTED', `${operation} was aborted`, { operation });
}

/** Throws abortError(...) if the signal has aborted. */
export function throwIfAborted(signal: AbortSignal | undefined, operation: string, timeoutMs = 0): void {
  if (signal?.aborted) throw abortError(signal, operation, timeoutMs);
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
