/** The name/value rows of the create form as a secrets map, checked by the keystore's own rule for names. */
import { ENV_KEY } from '../../../../keystore/envelope/secretsPlaintext.ts';

export interface PairRow {
  key: HTMLInputElement;
  value: HTMLInputElement;
}

/** The typed pairs as a secrets map; names must be environment-variable safe, no duplicates. Values are never echoed. */
export function readPairs(rows: PairRow[]): Record<string, string> {
  const out: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const [i, r] of rows.entries()) {
    const key = r.key.value.trim();
    if (!key && !r.value.value) continue;
    if (!ENV_KEY.test(key)) throw new Error(`secret ${i + 1}: the name must match [A-Za-z_][A-Za-z0-9_]* (KEYSTORE__SECRETS_INVALID)`);
    if (key in out) throw new Error(`secret ${i + 1}: ${key} appears twice (KEYSTORE__SECRETS_INVALID)`);
    out[key] = r.value.value;
  }
  if (Object.keys(out).length === 0) throw new Error('add at least one secret: a name and a value (KEYSTORE__SECRETS_INVALID)');
  return out;
}
