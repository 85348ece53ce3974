/**
 * Whether a database error is the data's fault (Postgres classes 22 data exception, 23 integrity
 * violation, 54 program limit exceeded: a NUL in text, an out-of-range number, a value too large),
 * so retrying the same rows can never succeed. Connection loss, timeouts and serialization
 * failures are not: those are retried with the same rows.
 */
import { pgErrorCode } from '../db/Db.ts';

export function isDataError(e: unknown): boolean {
  const code = pgErrorCode(e);
  return code !== undefined && /^(22|23|54)[0-9A-Z]{3}$/.test(code);
}
