/**
 * The signal a long-running route (long-poll) waits with: aborted when the caller hangs up before
 * its answer is sent, or when the coordinator shuts down. One AbortController per call and no
 * AbortSignal.any; an answer sent normally aborts nothing (an abort creates a DOMException with a
 * stack trace, which every finished poll would otherwise pay for).
 */
import type { Response } from 'express';

export interface CallerSignal {
  signal: AbortSignal;
  /** The caller hung up before the answer was sent. */
  readonly callerLeft: boolean;
}

/** One per request (kept in res.locals): the token lookup and the route share it. */
export function callerSignal(res: Response, shutdown: AbortSignal): CallerSignal {
  const locals = res.locals as { callerSignal?: CallerSignal };
  if (locals.callerSignal) return locals.callerSignal;
  const controller = new AbortController();
  let left = false;
  const onShutdown = (): void => controller.abort(shutdown.reason);
  if (shutdown.aborted) onShutdown();
  else shutdown.addEventListener('abort', onShutdown, { once: true });
  // 'close' follows every answer too; only one before the answer is a hang-up.
  res.once('close', () => {
    shutdown.removeEventListener('abort', onShutdown);
    if (res.writableFinished) return;
    left = true;
    controller.abort();
  });
  return (locals.callerSignal = {
    signal: controller.signal,
    get callerLeft() {
      return left;
    },
  });
}

/** The signal every route (and the token lookup before it) passes to its database calls: a caller
 * who hangs up, or a closing coordinator, cancels the statement in flight (see QueryOptions.signal
 * in db/Db.ts). */
export function routeSignal(res: Response, shutdown: AbortSignal): AbortSignal {
  return callerSignal(res, shutdown).signal;
}
