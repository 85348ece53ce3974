/**
 * Writes the dev user's key for scripts run against `errand dev` (examples/dapp/request.ts):
 * near-cli's credentials shape, mode 0600. These keys belong to a throw-away in-memory chain and
 * are worth nothing anywhere else; no real key is ever written this way.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Keypair } from '@solana/web3.js';

export function writeDevKey(dataDir: string, accountId: string, secretKey: string): string {
  const dir = path.join(dataDir, 'keys');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = path.join(dir, `${accountId}.json`);
  writeFileSync(file, `${JSON.stringify({ account_id: accountId, private_key: secretKey })}\n`, { mode: 0o600 });
  return file;
}

/** The local Solana user's keypair, solana-keygen's JSON (64 bytes), mode 0600: dev-only keys too. */
export function writeSolanaDevKey(dataDir: string, key: Keypair): string {
  const dir = path.join(dataDir, 'keys');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = path.join(dir, `solana-${key.publicKey.toBase58()}.json`);
  writeFileSync(file, `${JSON.stringify([...key.secretKey])}\n`, { mode: 0o600 });
  return file;
}
