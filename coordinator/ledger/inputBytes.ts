/**
 * A request's input is bytes in the ledger (`bytea`): whatever the chain carried survives Postgres
 * unchanged, NUL included (a `text` column refuses it, and one such input used to stall intake).
 * Off the database it is the chain's text: the contract carries a JSON string, so its UTF-8
 * encoding is the exact byte sequence, and a string that is not well-formed Unicode (a lone
 * surrogate) is refused before it gets here (requestSchema.ts).
 */
import { ErrandError } from '../../common/errors/index.ts';

export function inputBytes(input: string): Buffer {
  return Buffer.from(input, 'utf8');
}

/** Base64 of the input's bytes, for statements that carry rows as JSON (jsonb refuses \u0000). */
export function inputBase64(input: string): string {
  return inputBytes(input).toString('base64');
}

/** The stored bytes back as the request's text (node-postgres gives a Buffer, PGlite a Uint8Array). */
export function inputText(stored: unknown): string {
  if (typeof stored === 'string') return stored;
  if (stored instanceof Uint8Array) return Buffer.from(stored.buffer, stored.byteOffset, stored.byteLength).toString('utf8');
  throw new ErrandError('COMMON__INTERNAL', `stored input has an unexpected type ${typeof stored}`, { reason: "input column type" });
}
