/**
 * One JSON-RPC call through near-api-js's JsonRpcProvider, with an AbortSignal and a timeout, and
 * NEAR's error shapes mapped to CHAIN__* codes. The provider's own HTTP retries are left to it;
 * callers decide which coded errors are worth retrying (see isTransientChainError).
 * A KeepAliveJsonRpcProvider gets the time limit's signal itself, so a cancelled call also stops
 * its HTTP request and retries; any other provider is raced against it.
 */
import type { JsonRpcProvider } from '@near-js/providers';
import { timeLimit } from '../../../common/abort.ts';
import { ErrandError } from '../../../common/errors/index.ts';
import { KeepAliveJsonRpcProvider } from './KeepAliveJsonRpcProvider.ts';

export { isTransientChainError } from '../../../common/retryPolicies.ts';

export const DEFAULT_RPC_TIMEOUT_MS = 15_000;

export async function rpcCall<T>(
  provider: JsonRpcProvider,
  method: string,
  params: unknown,
  signal?: AbortSignal,
  timeoutMs = DEFAULT_RPC_TIMEOUT_MS,
): Promise<T> {
  // Its signal's reason is the coded COMMON__TIMEOUT / COMMON__ABORTED `NEAR RPC <method> ...`.
  const limit = timeLimit(`NEAR RPC ${method}`, timeoutMs, signal);
  try {
    if (limit.signal.aborted) throw limit.signal.reason;
    if (provider instanceof KeepAliveJsonRpcProvider) return await provider.sendJsonRpcWithin<T>(method, params as Record<string, unknown>, limit.signal);
    const cancelled = new Promise<never>((_, reject) => limit.signal.addEventListener('abort', () => reject(limit.signal.reason), { once: true }));
    return await Promise.race([provider.sendJsonRpc<T>(method, params as Record<string, unknown>), cancelled]);
  } catch (e) {
    throw mapNearError(e, method, (provider as unknown as { connection: { url: string } }).connection?.url ?? '');
  } finally {
    limit.clear();
  }
}

/** near-api-js TypedError/ServerError/ProviderError -> a coded ErrandError. */
export function mapNearError(e: unknown, method: string, url: string): ErrandError {
  if (e instanceof ErrandError) return e;
  const err = e as { type?: string; message?: string; cause?: unknown; tx_nonce?: unknown; ak_nonce?: unknown; name?: string };
  const message = err?.message ?? String(e);
  const type = err?.type ?? '';
  if (type === 'InvalidNonce' || /InvalidNonce/.test(message)) {
    return new ErrandError(
      'CHAIN__INVALID_NONCE',
      `invalid nonce: ${message}`,
      { txNonce: String(err.tx_nonce ?? ''), akNonce: String(err.ak_nonce ?? '') },
      { cause: e },
    );
  }
  if (type === 'AccountDoesNotExist' || (/does not exist while viewing/.test(message) && /^account /.test(message))) {
    const m = /account (\S+) (?:does not|doesn't) exist/.exec(message);
    return new ErrandError('CHAIN__ACCOUNT_NOT_FOUND', message, { accountId: m?.[1] ?? '' }, { cause: e });
  }
  if (/TIMEOUT_ERROR|Timeout/.test(type + message))
    return new ErrandError('COMMON__TIMEOUT', `NEAR RPC ${method} timed out on the node`, { operation: `near rpc ${method}`, timeoutMs: 0 }, { cause: e });
  // near-api-js's ProviderError (and ours, postJsonRpc.ts) carries the HTTP status as its cause. A
  // 5xx after the provider's own retries is a node that is down or overloaded for now: transient.
  const status = typeof err?.cause === 'number' ? err.cause : undefined;
  if (status !== undefined && status >= 500) {
    return new ErrandError('CHAIN__RPC_UNREACHABLE', `NEAR RPC at ${url} answered HTTP ${status}: ${message}`, { url, status, reason: message }, { cause: e });
  }
  if (/UNKNOWN_BLOCK|DB Not Found/.test(type + message)) return new ErrandError('CHAIN__UNKNOWN_BLOCK', message, { block: '' }, { cause: e });
  if (/UNKNOWN_TRANSACTION|doesn't exist/.test(type + message)) return new ErrandError('CHAIN__UNKNOWN_TRANSACTION', message, { txHash: '' }, { cause: e });
  if (err?.name === 'ProviderError' || /fetch failed|ECONNREFUSED|FetchError|RetriesExceeded|Exceeded \d+ attempts/.test(message + type)) {
    return new ErrandError('CHAIN__RPC_UNREACHABLE', `NEAR RPC at ${url} unreachable: ${message}`, { url, reason: message }, { cause: e });
  }
  if (/Expired|InvalidTxError|InvalidSignature|NotEnoughBalance|AccessKeyNotFound|InvalidAccessKey/.test(type + message)) {
    return new ErrandError('CHAIN__INVALID_TRANSACTION', message, { reason: type || 'InvalidTxError', detail: message }, { cause: e });
  }
  return new ErrandError('CHAIN__RPC_ERROR', `NEAR RPC ${method} failed: ${message}`, { method, name: type || undefined, message }, { cause: e });
}
