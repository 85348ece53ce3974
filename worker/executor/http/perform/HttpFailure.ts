/** A failed exchange step, carrying the kind the guest and the transcript see. */
import type { HttpErrorKind } from '../exchange.ts';

export class HttpFailure extends Error {
  constructor(
    readonly kind: HttpErrorKind,
    message: string,
  ) {
    super(message);
  }
}
