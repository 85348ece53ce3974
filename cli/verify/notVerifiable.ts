import { ErrandError } from '../../common/errors/index.ts';

/** `errand verify` cannot re-execute the request, and says why. */
export function notVerifiable(requestId: string, reason: string): ErrandError<'CLI__NOT_VERIFIABLE'> {
  return new ErrandError('CLI__NOT_VERIFIABLE', `request ${requestId} cannot be verified: ${reason}`, { requestId, reason });
}
