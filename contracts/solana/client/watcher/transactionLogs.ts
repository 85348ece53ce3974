/**
 * The logs of finalized transactions, read in ONE batched JSON-RPC `getTransaction` call. Only
 * what the watcher uses is checked and kept (slot, error, log lines): web3.js's getTransactions
 * validates every field of every transaction (message, keys, balances) against its schemas, which
 * was most of the watcher's CPU per request; the transaction comes `base64` (the node sends its wire bytes
 * as they are, where `json` makes it decode and base58-encode every key). The log lines stay hostile input: programEvents
 * decodes and checks them. A transaction the node does not have (yet) is null.
 */
import type { Connection } from '@solana/web3.js';
import { ErrandError } from '../../../../common/errors/index.ts';
import type { HttpAnswer } from '../../../../common/http/HttpClient.ts';
import { sharedHttpClient } from '../../../../common/http/sharedHttpClient.ts';

export interface TransactionLogs {
  slot: number;
  failed: boolean;
  logs: string[];
}

const METHOD = 'getTransaction';

export async function transactionLogs(connection: Connection, signatures: string[], signal?: AbortSignal): Promise<Array<TransactionLogs | null>> {
  if (signatures.length === 0) return [];
  const body = signatures.map((s, id) => ({
    jsonrpc: '2.0',
    id,
    method: METHOD,
    params: [s, { commitment: 'finalized', encoding: 'base64', maxSupportedTransactionVersion: 0 }],
  }));
  let res: HttpAnswer;
  let text: string;
  try {
    res = await sharedHttpClient().request(connection.rpcEndpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal,
      operation: `Solana ${METHOD}`,
    });
    text = await res.text();
  } catch (e) {
    if (signal?.aborted) throw e;
    throw new ErrandError('CHAIN__RPC_UNREACHABLE', `Solana RPC ${connection.rpcEndpoint} unreachable: ${(e as Error).message}`, {
      url: connection.rpcEndpoint,
      reason: (e as Error).message,
    });
  }
  if (!res.ok)
    throw new ErrandError('CHAIN__RPC_UNREACHABLE', `Solana RPC ${connection.rpcEndpoint} answered HTTP ${res.status}`, {
      url: connection.rpcEndpoint,
      status: res.status,
    });
  let replies: unknown = null;
  try {
    replies = JSON.parse(text);
  } catch {
    // not JSON: reported below
  }
  if (!Array.isArray(replies)) throw bad('not a batch reply');
  const byId = new Map<number, unknown>();
  for (const r of replies as Array<{ id?: unknown }>) if (typeof r?.id === 'number') byId.set(r.id, r);
  return signatures.map((_, id) => one(byId.get(id)));
}

function one(reply: unknown): TransactionLogs | null {
  const r = reply as { result?: unknown; error?: { message?: unknown } } | undefined;
  if (r === undefined) throw bad('a reply is missing from the batch');
  if (r.error)
    throw new ErrandError('CHAIN__RPC_ERROR', `Solana ${METHOD}: ${String(r.error.message).slice(0, 200)}`, {
      method: METHOD,
      message: String(r.error.message).slice(0, 200),
    });
  if (r.result === null || r.result === undefined) return null;
  const t = r.result as { slot?: unknown; meta?: { err?: unknown; logMessages?: unknown } | null };
  if (typeof t.slot !== 'number' || !Number.isSafeInteger(t.slot) || t.slot < 0) throw bad(`slot ${String(t.slot)}`);
  if (!t.meta) return null; // not readable yet: the watcher stops before it and reads it again
  const logs = t.meta.logMessages ?? [];
  if (!Array.isArray(logs) || !logs.every((l) => typeof l === 'string')) throw bad('logMessages is not a list of strings');
  return { slot: t.slot, failed: t.meta.err !== null && t.meta.err !== undefined, logs: logs as string[] };
}

function bad(detail: string): ErrandError {
  return new ErrandError('CHAIN__BAD_RESPONSE', `unexpected Solana ${METHOD} reply: ${detail}`, { method: METHOD, detail });
}
