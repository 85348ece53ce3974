/**
 * The client side of `{error, code, details}`: turns a service's coded error answer back into an
 * ErrandError. A code is used as ours only when the registry knows it; any other code (a newer or
 * foreign server) becomes COMMON__REMOTE_ERROR carrying the raw code, so callers branching with
 * isErrandError never see a code that is not in the registry.
 *
 * Not promised: that `details` has the shape the code documents. It is kept when it is a plain
 * object (the services only send their own contexts) and replaced by {} otherwise.
 */
import { ErrandError } from './ErrandError.ts';
import { isErrandErrorCode } from './httpStatus.ts';

const MAX_TEXT = 2000;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The ErrandError a coded answer stands for, or null when `body` is not `{error: string, code: string}`. */
export function errorFromWire(service: string, status: number, body: unknown): ErrandError | null {
  if (!isRecord(body) || typeof body.code !== 'string' || typeof body.error !== 'string') return null;
  const message = body.error.slice(0, MAX_TEXT);
  if (!isErrandErrorCode(body.code)) {
    const remoteCode = body.code.slice(0, 200);
    return new ErrandError('COMMON__REMOTE_ERROR', `${service} answered ${status} with an unknown code ${remoteCode}: ${message}`, {
      service,
      status,
      remoteCode,
      remoteMessage: message,
    });
  }
  // The context type follows the code; see "Not promised" above.
  const details = (isRecord(body.details) ? body.details : {}) as never;
  return new ErrandError(body.code, message, details);
}
