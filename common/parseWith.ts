/**
 * zod at a trust boundary, turned into a coded error: the one formatting of zod issues
 * (`where.path: message`, `(root)` for the value itself, at most `max` lines) shared by HTTP bodies,
 * service configuration, keystore requests and chain events. Each caller chooses the code
 * (`fail`), since the same bad shape is a 400 in a body and a 500 in a config. Issue lines quote
 * paths and zod's messages, never the offending value, so they are safe to return and log.
 */
import type { z } from 'zod';
import type { ErrandError } from './errors/index.ts';

export function issueLines(error: z.ZodError, where?: string, max = 20): string[] {
  return error.issues.slice(0, max).map((i) => {
    const path = i.path.join('.');
    const at = where ? (path ? `${where}.${path}` : where) : path || '(root)';
    return `${at}: ${i.message}`;
  });
}

export function parseWith<S extends z.ZodType>(schema: S, value: unknown, fail: (issues: string[]) => ErrandError, where?: string): z.output<S> {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  throw fail(issueLines(r.error, where));
}
