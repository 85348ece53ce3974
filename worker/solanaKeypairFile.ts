/** Reads a Solana keypair file (solana-keygen's JSON array of the 64 secret-key bytes). */
import { readFileSync } from 'node:fs';
import { Keypair } from '@solana/web3.js';
import { ErrandError } from '../common/errors/index.ts';

export function readSolanaKeypairFile(file: string): Keypair {
  let bytes: unknown;
  try {
    bytes = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new ErrandError('COMMON__CONFIG_INVALID', `cannot read the Solana keypair file ${file}: ${(e as Error).message}`, {
      issues: ['SOLANA_KEYPAIR_FILE: unreadable'],
    });
  }
  if (!Array.isArray(bytes) || bytes.length !== 64 || !bytes.every((b) => Number.isInteger(b) && b >= 0 && b <= 255)) {
    throw new ErrandError('COMMON__CONFIG_INVALID', `${file} is not a Solana keypair file (a JSON array of 64 bytes)`, {
      issues: ['SOLANA_KEYPAIR_FILE: not 64 bytes'],
    });
  }
  try {
    return Keypair.fromSecretKey(Uint8Array.from(bytes as number[]));
  } catch (e) {
    throw new ErrandError('COMMON__CONFIG_INVALID', `${file}: ${(e as Error).message}`, { issues: ['SOLANA_KEYPAIR_FILE: inconsistent key'] });
  }
}
