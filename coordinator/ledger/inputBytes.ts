/**
 * A request's input is bytes in the ledger (`bytea`): whatever the chain carried survives Postgres
 * unchanged, NUL included (a `text` column refuses it, and one such input used to stall intake).
 * Off the database it has the two JSON spellings of common/types/requestInput.ts: text when the
 * bytes are UTF-8, `inputBase64` when not. A string that is not well-formed Unicode (a lone
 * surrogate) has no bytes and is refused before it gets here (coordinator/api/executionRequest.ts).
 */
import { ErrandError } from '../../common/errors/index.ts';
import { requestInputBytes, requestInputFromBytes, type RequestInput } from '../../common/types/index.ts';

export function inputBytes(r: RequestInput): Buffer {
  const bytes = requestInputBytes(r);
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** Base64 of the input's bytes, for statements that carry rows as JSON (jsonb refuses \u0000). */
export function inputBase64(r: RequestInput): string {
  return inputBytes(r).toString('base64');
}

/** The stored bytes back in their JSON spelling (node-postgres gives a Buffer, PGlite a Uint8Array). */
export function inputFields(stored: unknown): RequestInput {
  if (typeof stored === 'string') return { input: stored };
  if (stored instanceof Uint8Array) return requestInputFromBytes(stored);
  throw new ErrandError('COMMON__INTERNAL', `stored input has an unexpected type ${typeof stored}`, { reason: 'input column type' });
}
