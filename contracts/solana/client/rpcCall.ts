/**
 * One JSON-RPC call to a Solana node over fetch, for the hot paths where web3.js's Connection
 * costs more than the call: it validates every reply against its superstruct schemas (building
 * StructErrors for every union branch it tries), which was a large share of a send-and-confirm's
 * CPU. It goes through Errand's HttpClient (undici's pool, without fetch's web streams). The result
 * comes back unchecked (`unknown`): the caller checks the few fields it uses.
 */
import type { Connection } from '@solana/web3.js';
import { ErrandError } from '../../../common/errors/index.ts';
import type { HttpAnswer } from '../../../common/http/HttpClient.ts';
import { sharedHttpClient } from '../../../common/http/sharedHttpClient.ts';

export interface RpcReply {
  result?: unknown;
  error?: { code?: unknown; message?: unknown; data?: unknown };
}

export async function rpcCall(connection: Connection, method: string, params: unknown[], signal?: AbortSignal): Promise<unknown> {
  const reply = await rpcReply(connection, method, params, signal);
  if (reply.error) {
    const message = String(reply.error.message).slice(0, 200);
    throw new ErrandError('CHAIN__RPC_ERROR', `Solana ${method}: ${message}`, { method, message });
  }
  return reply.result;
}

/** The reply as the node sent it, its error included (sendTransaction's carries preflight logs). */
export async function rpcReply(connection: Connection, method: string, params: unknown[], signal?: AbortSignal): Promise<RpcReply> {
  const url = connection.rpcEndpoint;
  let res: HttpAnswer;
  let text: string;
  try {
    res = await sharedHttpClient().request(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
      signal,
      operation: `Solana ${method}`,
    });
    text = await res.text();
  } catch (e) {
    if (signal?.aborted) throw e;
    const reason = `${(e as Error).message}${(e as Error).cause ? ` (${String((e as Error).cause)})` : ''}`;
    throw new ErrandError('CHAIN__RPC_UNREACHABLE', `Solana RPC ${url} unreachable: ${reason}`, { url, reason });
  }
  if (!res.ok) throw new ErrandError('CHAIN__RPC_UNREACHABLE', `Solana RPC ${url} answered HTTP ${res.status}`, { url, status: res.status });
  let reply: RpcReply | null = null;
  try {
    reply = JSON.parse(text) as RpcReply | null;
  } catch {
    // not JSON: reported below
  }
  if (reply === null || typeof reply !== 'object')
    throw new ErrandError('CHAIN__BAD_RESPONSE', `Solana ${method}: not a JSON-RPC reply`, { method, detail: 'not JSON' });
  return reply;
}
