/**
 * Where a NEAR signing key for a CLI comes from: a key file (NEAR CLI's credentials JSON
 * `{"account_id","public_key","private_key"}`, or a file holding just `ed25519:...`), or the
 * NEAR_PRIVATE_KEY environment variable, parsed by common/near/parseNearKey.ts; it is
 * never put in an error message, a log line or the output - errors name only where it came from.
 */
import { readFileSync } from 'node:fs';
import { ErrandError } from '../../common/errors/index.ts';
import { parseNearKey, type ParsedNearKey } from '../../common/near/parseNearKey.ts';

export type LoadedNearKey = ParsedNearKey;

function bad(source: string, reason: string): ErrandError {
  return new ErrandError('COMMON__INVALID_ARGUMENT', `the NEAR key from ${source} ${reason}`, { field: 'key', issues: [`${source}: ${reason}`] });
}

function parseKey(text: string, source: string): LoadedNearKey {
  const parsed = parseNearKey(text);
  if ('reason' in parsed) throw bad(source, parsed.reason);
  return parsed.key;
}

/** The key from `keyFile` if given, else from NEAR_PRIVATE_KEY; null when neither is set. */
export function loadNearKey(keyFile: string | undefined, env: NodeJS.ProcessEnv = process.env): LoadedNearKey | null {
  if (keyFile !== undefined) {
    let text: string;
    try {
      text = readFileSync(keyFile, 'utf8');
    } catch (e) {
      throw bad(`--key-file ${keyFile}`, `cannot be read (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
    }
    return parseKey(text, `--key-file ${keyFile}`);
  }
  const fromEnv = env['NEAR_PRIVATE_KEY'];
  return fromEnv ? parseKey(fromEnv, 'NEAR_PRIVATE_KEY') : null;
}
