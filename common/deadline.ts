/**
 * A caller's AbortSignal and a time limit as one cancellation, for calls on the hot path (every
 * NEAR RPC and coordinator call): one timer and at most one listener per call, where
 * withTimeout's AbortSignal.timeout + AbortSignal.any cost a visible share of a CPU profile.
 * It raises exactly what throwIfAborted raises in the same situations: COMMON__TIMEOUT
 * `<operation> timed out` when the limit passes (or the caller's own signal is a timeout),
 * COMMON__ABORTED `<operation> was aborted` when the caller aborts.
 *
 * Not promised: cancelling anything by itself. Whoever runs the operation subscribes with
 * onCancel and stops its work; call dispose() once the operation has finished.
 */
import { ErrandError } from './errors/index.ts';
import { throwIfAborted } from './abort.ts';

type CancelListener = (error: ErrandError) => void;

export class Deadline {
  private error: ErrandError | undefined;
  private timer: NodeJS.Timeout | undefined;
  private readonly listeners = new Set<CancelListener>();

  constructor(readonly operation: string, readonly timeoutMs: number, private readonly signal?: AbortSignal) {
    if (signal?.aborted) {
      this.error = abortError(signal, operation, timeoutMs);
      return;
    }
    this.timer = setTimeout(() => this.cancel(new ErrandError('COMMON__TIMEOUT', `${operation} timed out`, { operation, timeoutMs })), timeoutMs);
    // Like AbortSignal.timeout: a pending limit alone does not keep the process alive.
    this.timer.unref();
    signal?.addEventListener('abort', this.onAbort, { once: true });
  }

  /** The error the operation ends with, once cancelled. */
  get cancelled(): ErrandError | undefined {
    return this.error;
  }

  /** Throws the cancellation error, if any. */
  check(): void {
    if (this.error) throw this.error;
  }

  /** Calls `listener` on cancellation (at once if already cancelled); returns the unsubscribe. */
  onCancel(listener: CancelListener): () => void {
    if (this.error) {
      listener(this.error);
      return () => {};
    }
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Stops the timer and the signal listener; listeners are never called after this. */
  dispose(): void {
    clearTimeout(this.timer);
    this.signal?.removeEventListener('abort', this.onAbort);
    this.listeners.clear();
  }

  /** Resolves after `ms`, or rejects with the cancellation error first. */
  sleep(ms: number): Promise<void> {
    if (this.error) return Promise.reject(this.error);
    return new Promise((resolve, reject) => {
      const stop = this.onCancel((e) => {
        clearTimeout(timer);
        reject(e);
      });
      const timer = setTimeout(() => {
        stop();
        resolve();
      }, ms);
    });
  }

  private readonly onAbort = (): void => {
    this.cancel(abortError(this.signal!, this.operation, this.timeoutMs));
  };

  private cancel(error: ErrandError): void {
    if (this.error) return;
    this.error = error;
    const listeners = [...this.listeners];
    this.dispose();
    for (const l of listeners) l(error);
  }
}

function abortError(signal: AbortSignal, operation: string, timeoutMs: number): ErrandError {
  try {
    throwIfAborted(signal, operation, timeoutMs);
  } catch (e) {
    return e as ErrandError;
  }
  return new ErrandError('COMMON__ABORTED', `${operation} was aborted`, { operation });
}
