/**
 * One read over a web3.js Connection, bounded and coded: it ends at the caller's AbortSignal or
 * after `timeoutMs` (COMMON__ABORTED / COMMON__TIMEOUT; web3.js itself takes no signal, so the
 * request is abandoned, not cancelled), a JSON-RPC error is CHAIN__RPC_ERROR with the node's
 * message, anything else (connection refused, a non-JSON answer) CHAIN__RPC_UNREACHABLE.
 */
import { SolanaJSONRPCError, type Connection } from '@solana/web3.js';
import { throwIfAborted, withTimeout } from '../../../common/abort.ts';
import { ErrandError, isErrandError } from '../../../common/errors/index.ts';

export const DEFAULT_READ_TIMEOUT_MS = 15_000;

export async function solanaRead<T>(
  connection: Connection,
  method: string,
  read: () => Promise<T>,
  signal?: AbortSignal,
  timeoutMs = DEFAULT_READ_TIMEOUT_MS,
): Promise<T> {
  const bounded = withTimeout(signal, timeoutMs);
  throwIfAborted(bounded, `solana ${method}`, timeoutMs);
  let onAbort: (() => void) | undefined;
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => {
      try {
        throwIfAborted(bounded, `solana ${method}`, timeoutMs);
      } catch (e) {
        reject(e);
      }
    };
    bounded.addEventListener('abort', onAbort, { once: true });
  });
  try {
    return await Promise.race([read(), aborted]);
  } catch (e) {
    if (isErrandError(e)) throw e;
    if (e instanceof SolanaJSONRPCError) {
      throw new ErrandError(
        'CHAIN__RPC_ERROR',
        `solana ${method} failed: ${e.message}`,
        { method, message: e.message, name: String(e.code ?? '') },
        { cause: e },
      );
    }
    throw new ErrandError(
      'CHAIN__RPC_UNREACHABLE',
      `solana ${method}: the RPC did not answer (${(e as Error).message})`,
      {
        url: connection.rpcEndpoint,
        reason: (e as Error).message,
      },
      { cause: e },
    );
  } finally {
    if (onAbort) bounded.removeEventListener('abort', onAbort);
  }
}
