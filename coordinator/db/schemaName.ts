/** Schema names become identifiers (not parameters), so they are checked against a strict shape. */
import { ErrandError } from '../../common/errors/index.ts';

const SCHEMA = /^[a-z_][a-z0-9_]{0,62}$/;

export function assertSchemaName(schema: string): void {
  if (!SCHEMA.test(schema)) {
    throw new ErrandError('COMMON__INVALID_ARGUMENT', `bad schema name '${schema}'`, { field: 'schema' });
  }
}

/** A fresh random schema name (test suites). */
export function randomSchemaName(prefix = 't'): string {
  return `${prefix}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 10)}`;
}
