/** zod parsing at the HTTP boundary: a failure is a coded COMMON__INVALID_ARGUMENT listing the issues. */
import type { z } from 'zod';
import { ErrandError } from '../../common/errors/index.ts';

export function parse<S extends z.ZodType>(schema: S, value: unknown, where: string): z.infer<S> {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const issues = r.error.issues.slice(0, 20).map((i) => `${where}${i.path.length ? '.' + i.path.join('.') : ''}: ${i.message}`);
  throw new ErrandError('COMMON__INVALID_ARGUMENT', `invalid ${where}: ${issues[0] ?? 'bad value'}`, { issues });
}
