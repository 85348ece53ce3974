/**
 * The plaintext inside a secrets envelope: a JSON object of environment-variable name -> string
 * value. Names must be safe as environment variables ([A-Za-z_][A-Za-z0-9_]*, at most 128
 * characters); at most 256 entries. Values are never included in errors. Pure.
 */
import { ErrandError } from '../../common/errors/index.ts';
import { utf8 } from './bytes.ts';

export type SecretsMap = Record<string, string>;

export const ENV_KEY = /^[A-Za-z_][A-Za-z0-9_]{0,127}$/;
export const MAX_SECRETS = 256;

function invalid(reason: string, key?: string): ErrandError {
  return new ErrandError('KEYSTORE__SECRETS_INVALID', `invalid secrets: ${reason}`, key === undefined ? { reason } : { reason, key });
}

export function assertSecretsMap(value: unknown): asserts value is SecretsMap {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw invalid('not a JSON object');
  const keys = Object.keys(value);
  if (keys.length > MAX_SECRETS) throw invalid(`more than ${MAX_SECRETS} entries`);
  for (const key of keys) {
    if (!ENV_KEY.test(key)) throw invalid('name is not an environment-variable-safe identifier', key.slice(0, 130));
    const v = (value as Record<string, unknown>)[key];
    if (typeof v !== 'string') throw invalid('value is not a string', key);
    if (v.includes('\0')) throw invalid('value contains a NUL byte', key);
  }
}

export function encodeSecrets(secrets: SecretsMap): Uint8Array {
  assertSecretsMap(secrets);
  // A null-prototype copy with sorted keys: deterministic JSON, no inherited fields.
  const sorted: SecretsMap = Object.create(null) as SecretsMap;
  for (const key of Object.keys(secrets).sort()) sorted[key] = secrets[key] as string;
  return utf8(JSON.stringify(sorted));
}

export function decodeSecrets(bytes: Uint8Array): SecretsMap {
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    throw invalid('plaintext is not UTF-8 JSON');
  }
  assertSecretsMap(parsed);
  const out: SecretsMap = Object.create(null) as SecretsMap;
  for (const [k, v] of Object.entries(parsed)) out[k] = v;
  return out;
}
