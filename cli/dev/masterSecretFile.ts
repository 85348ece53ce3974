/**
 * The dev keystore's master secret: generated once into the data dir (mode 0600) and reused, so
 * secrets encrypted in one `errand dev` session can still be opened in the next. Production
 * keystores take theirs from a secret store (see docker-compose.yml).
 */
import { randomBytes } from 'node:crypto';
import { existsSync, writeFileSync } from 'node:fs';

export function ensureMasterSecretFile(file: string): string {
  if (!existsSync(file)) writeFileSync(file, randomBytes(32).toString('hex'), { mode: 0o600, flag: 'wx' });
  return file;
}
