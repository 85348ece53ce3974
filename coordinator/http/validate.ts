/** zod parsing at the HTTP boundary: a failure is a coded COMMON__INVALID_ARGUMENT listing the issues. */
import type { z } from 'zod';
import { ErrandError } from '../../common/errors/index.ts';
import { parseWith } from '../../common/parseWith.ts';

export function parse<S extends z.ZodType>(schema: S, value: unknown, where: string): z.infer<S> {
  return parseWith(schema, value, (issues) => new ErrandError('COMMON__INVALID_ARGUMENT', `invalid ${where}: ${issues[0] ?? 'bad value'}`, { issues }), where);
}
