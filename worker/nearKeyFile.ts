/**
 * Reads a worker's NEAR key: a near-cli credentials file (`{account_id, public_key, private_key}`)
 * or a file holding just `ed25519:<base58 secret>`. The key is returned to the caller that signs
 * with it and is never logged; errors name the file, not its content.
 */
import { readFileSync } from 'node:fs';
import { ErrandError } from '../common/errors/index.ts';

export interface NearKey {
  accountId?: string;
  secretKey: `ed25519:${string}`;
}

export function readNearKeyFile(file: string): NearKey {
  let text: string;
  try {
    text = readFileSync(file, 'utf8').trim();
  } catch (e) {
    throw new ErrandError('COMMON__CONFIG_INVALID', `worker key file ${file} is unreadable`, { issues: [`${file}: ${(e as NodeJS.ErrnoException).code ?? 'error'}`] });
  }
  const bad = (): never => {
    throw new ErrandError('COMMON__CONFIG_INVALID', `worker key file ${file} holds no ed25519 secret key`, { issues: [`${file}: not a NEAR key`] });
  };
  if (text.startsWith('{')) {
    let parsed: { account_id?: unknown; private_key?: unknown; secret_key?: unknown };
    try {
      parsed = JSON.parse(text) as typeof parsed;
    } catch {
      return bad();
    }
    const key = parsed.private_key ?? parsed.secret_key;
    if (typeof key !== 'string' || !key.startsWith('ed25519:')) return bad();
    return { accountId: typeof parsed.account_id === 'string' ? parsed.account_id : undefined, secretKey: key as NearKey['secretKey'] };
  }
  if (!text.startsWith('ed25519:')) return bad();
  return { secretKey: text as NearKey['secretKey'] };
}
