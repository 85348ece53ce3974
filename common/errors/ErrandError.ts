/**
 * The one error class of Errand. Every failure that crosses a module, process or HTTP boundary is
 * an ErrandError with a stable code (never reused, never renamed) and a typed context for that
 * code. Callers branch on codes with `isErrandError(e, CODE)`, never on message text.
 */
import type { ErrandErrorContextByCode } from './codes.ts';

export type ErrandErrorCode = keyof ErrandErrorContextByCode;

export class ErrandError<C extends ErrandErrorCode = ErrandErrorCode> extends Error {
  override readonly name = 'ErrandError';
  readonly code: C;
  readonly context: ErrandErrorContextByCode[C];

  constructor(code: C, message: string, context: ErrandErrorContextByCode[C], options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.context = context;
  }

  /** The wire shape used by every HTTP API and by `--json` CLI output. */
  toJSON(): { error: string; code: C; details: ErrandErrorContextByCode[C] } {
    return { error: this.message, code: this.code, details: this.context };
  }
}

export function isErrandError<C extends ErrandErrorCode>(e: unknown, code?: C): e is ErrandError<C> {
  return e instanceof ErrandError && (code === undefined || e.code === code);
}

/** Wraps an unknown throwable so that boundaries always deal in coded errors. */
export function toErrandError(e: unknown): ErrandError {
  if (e instanceof ErrandError) return e;
  const message = e instanceof Error ? e.message : String(e);
  return new ErrandError('COMMON__INTERNAL', message, {}, { cause: e });
}
