/**
 * Errors across a thread boundary: a thread sends `errorShape(e)` (plain data: structured clone
 * drops an Error's class), its owner rebuilds a coded ErrandError with `toError`.
 */
import { ErrandError, isErrandError, isErrandErrorCode } from '../errors/index.ts';

export interface ErrorShape {
  code?: string;
  message: string;
  context?: unknown;
}

export function errorShape(e: unknown): ErrorShape {
  if (isErrandError(e)) return { code: e.code, message: e.message, context: e.context };
  return { message: e instanceof Error ? e.message : String(e) };
}

/** `what` names the thread in an uncoded error's message ("local chain thread"). */
export function toError(e: ErrorShape, what: string): Error {
  // Codes come from the thread's own ErrandErrors: checked against the registry, context as sent.
  if (isErrandErrorCode(e.code)) return new ErrandError(e.code, e.message, (e.context ?? {}) as never);
  return new ErrandError('COMMON__INTERNAL', `${what}: ${e.message}`, { reason: e.message });
}
