/**
 * Loading the keystore's master secret: from ERRAND_KEYSTORE_MASTER_SECRET (hex or base64) or from
 * a file named by ERRAND_KEYSTORE_MASTER_SECRET_FILE (whose content is hex or base64 text). At
 * least 32 bytes. The value never appears in an error, a log line or a stack: errors say only what
 * is wrong with it.
 */
import { readFileSync } from 'node:fs';
import { ErrandError } from '../../common/errors/index.ts';
import { tryBase64ToBytes, tryHexToBytes } from '../envelope/bytes.ts';

export const MIN_MASTER_SECRET_BYTES = 32;
const MAX_MASTER_SECRET_BYTES = 1024;

function invalid(reason: string): ErrandError {
  return new ErrandError('KEYSTORE__MASTER_SECRET_INVALID', `master secret ${reason}`, { reason });
}

/** Decodes hex (preferred when it looks like hex) or canonical base64 text. */
export function decodeMasterSecret(text: string): Uint8Array {
  const trimmed = text.trim();
  const bytes = /^[0-9a-fA-F]+$/.test(trimmed) ? tryHexToBytes(trimmed) : tryBase64ToBytes(trimmed, MAX_MASTER_SECRET_BYTES);
  if (bytes === null) throw invalid('is neither hex nor canonical base64');
  if (bytes.length < MIN_MASTER_SECRET_BYTES) throw invalid(`must be at least ${MIN_MASTER_SECRET_BYTES} bytes`);
  if (bytes.every((b) => b === bytes[0])) throw invalid('is a repeated byte, not a secret');
  return bytes;
}

export interface MasterSecretSource {
  /** Hex or base64 text. */
  value?: string;
  /** Path of a file holding hex or base64 text. */
  file?: string;
}

export function loadMasterSecret(source: MasterSecretSource): Uint8Array {
  if (source.value !== undefined && source.file !== undefined) throw invalid('is given both inline and as a file: choose one');
  if (source.value !== undefined) return decodeMasterSecret(source.value);
  if (source.file !== undefined) {
    let text: string;
    try {
      text = readFileSync(source.file, 'utf8');
    } catch (e) {
      throw invalid(`file is unreadable (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
    }
    return decodeMasterSecret(text);
  }
  throw invalid('is not configured (ERRAND_KEYSTORE_MASTER_SECRET or ERRAND_KEYSTORE_MASTER_SECRET_FILE)');
}
