/**
 * Reading a service's configuration from the environment once, validated by a zod schema that
 * documents every option and its default. A bad value is a coded COMMON__CONFIG_INVALID error that
 * names every offending variable (and never echoes a secret's value).
 */
import type { z } from 'zod';
import { ErrandError } from './errors/index.ts';
import { parseWith } from './parseWith.ts';

export function loadConfig<S extends z.ZodType>(schema: S, env: NodeJS.ProcessEnv = process.env): z.infer<S> {
  return parseWith(schema, env, (issues) => new ErrandError('COMMON__CONFIG_INVALID', `invalid configuration: ${issues.join('; ')}`, { issues }));
}
