/**
 * One page of `getSignaturesForAddress` at `finalized`, newest first, over rpcCall: only the
 * fields the watcher uses (signature, slot, error) are checked and kept, without web3.js's reply
 * validation (a large share of the watcher's CPU when every poll finds new transactions).
 */
import type { Connection } from '@solana/web3.js';
import { ErrandError } from '../../../../common/errors/index.ts';
import { rpcCall } from '../rpcCall.ts';

export interface SignatureInfo {
  signature: string;
  slot: number;
  /** The transaction's error (null: it succeeded). */
  err: unknown;
}

const METHOD = 'getSignaturesForAddress';
const SIGNATURE = /^[1-9A-HJ-NP-Za-km-z]{64,88}$/;

export async function signaturesPage(
  connection: Connection,
  address: string,
  page: { limit: number; until?: string; before?: string },
  signal?: AbortSignal,
): Promise<SignatureInfo[]> {
  const list = await rpcCall(connection, METHOD, [address, { commitment: 'finalized', ...page }], signal);
  if (!Array.isArray(list)) throw bad('not a list');
  return list.map((x) => {
    const s = x as { signature?: unknown; slot?: unknown; err?: unknown } | null;
    if (typeof s?.signature !== 'string' || !SIGNATURE.test(s.signature)) throw bad(`signature ${String(s?.signature).slice(0, 100)}`);
    if (typeof s.slot !== 'number' || !Number.isSafeInteger(s.slot) || s.slot < 0) throw bad(`slot ${String(s.slot)}`);
    return { signature: s.signature, slot: s.slot, err: s.err ?? null };
  });
}

function bad(detail: string): ErrandError {
  return new ErrandError('CHAIN__BAD_RESPONSE', `unexpected Solana ${METHOD} reply: ${detail}`, { method: METHOD, detail });
}
