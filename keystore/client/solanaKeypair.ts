/**
 * Where a Solana signing key for a CLI comes from: a keypair file in the Solana CLI's format (a JSON
 * array of the 64 secret-key bytes, as `solana-keygen new` writes it), named by --keypair or the
 * SOLANA_KEYPAIR environment variable. The key is checked (the public half must match the secret
 * half) and never put in an error message, a log line or the output: errors name only the file.
 */
import { readFileSync } from 'node:fs';
import { Keypair } from '@solana/web3.js';
import { ErrandError } from '../../common/errors/index.ts';

function bad(source: string, reason: string): ErrandError {
  return new ErrandError('COMMON__INVALID_ARGUMENT', `the Solana keypair ${source} ${reason}`, { field: 'keypair', issues: [`${source}: ${reason}`] });
}

export function parseSolanaKeypair(text: string, source: string): Keypair {
  let bytes: unknown;
  try {
    bytes = JSON.parse(text);
  } catch {
    throw bad(source, 'is not JSON (expected an array of 64 numbers, as solana-keygen writes)');
  }
  if (!Array.isArray(bytes) || bytes.length !== 64 || !bytes.every((b) => Number.isInteger(b) && b >= 0 && b <= 255)) {
    throw bad(source, 'is not an array of 64 bytes');
  }
  try {
    return Keypair.fromSecretKey(Uint8Array.from(bytes as number[]));
  } catch {
    throw bad(source, 'is not a valid ed25519 keypair (public half does not match)');
  }
}

/** The keypair from `file` if given, else from the file SOLANA_KEYPAIR names; null when neither is set. */
export function loadSolanaKeypair(file: string | undefined, env: NodeJS.ProcessEnv = process.env): Keypair | null {
  const path = file ?? env['SOLANA_KEYPAIR'];
  if (path === undefined || path === '') return null;
  const source = file !== undefined ? `--keypair ${path}` : `SOLANA_KEYPAIR ${path}`;
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw bad(source, `cannot be read (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  return parseSolanaKeypair(text, source);
}
