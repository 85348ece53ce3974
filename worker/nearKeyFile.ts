/**
 * Reads a service's NEAR key file (common/near/parseNearKey.ts: credentials JSON or a bare
 * `ed25519:` key). The key is returned to the caller that signs with it and is never logged;
 * errors name the file, not its content.
 */
import { readFileSync } from 'node:fs';
import { ErrandError } from '../common/errors/index.ts';
import { parseNearKey, type ParsedNearKey } from '../common/near/parseNearKey.ts';

export type NearKey = ParsedNearKey;

export function readNearKeyFile(file: string): NearKey {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new ErrandError('COMMON__CONFIG_INVALID', `worker key file ${file} is unreadable`, {
      issues: [`${file}: ${(e as NodeJS.ErrnoException).code ?? 'error'}`],
    });
  }
  const parsed = parseNearKey(text);
  if ('reason' in parsed) throw new ErrandError('COMMON__CONFIG_INVALID', `worker key file ${file} ${parsed.reason}`, { issues: [`${file}: not a NEAR key`] });
  return parsed.key;
}
