/**
 * Parses a /v1 answer with its coordinator/api schema: the client hands out only what the schema
 * accepted (brands made by their parse functions), never `JSON.parse(text) as T`. Anything else —
 * not JSON, another shape, a bad log frame — is COORDINATOR__BAD_RESPONSE naming the first issue.
 */
import type { z } from 'zod';
import { ErrandError } from '../../common/errors/index.ts';

export function parseAnswer<S extends z.ZodType>(schema: S, value: unknown, status: number, what: string): z.infer<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const reason = issue ? `${issue.path.join('.') || '(root)'}: ${issue.message}` : 'bad shape';
  throw new ErrandError('COORDINATOR__BAD_RESPONSE', `the coordinator answered ${what} with an unexpected shape (${reason})`, {
    status,
    reason: reason.slice(0, 200),
  });
}

/** Parses JSON text, or COORDINATOR__BAD_RESPONSE. */
export function parseJsonText(text: string, status: number): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new ErrandError('COORDINATOR__BAD_RESPONSE', 'coordinator answered with non-JSON', { status, reason: text.slice(0, 200) });
  }
}

export async function readAnswer<S extends z.ZodType>(res: { status: number; text(): Promise<string> }, schema: S, what: string): Promise<z.infer<S>> {
  return parseAnswer(schema, parseJsonText(await res.text(), res.status), res.status, what);
}
