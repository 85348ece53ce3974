/** Flag helpers shared by `errand secrets` and its Solana half: usage errors (exit 2), the RPC URL
 * from a flag or the chain's environment variable, the branch label printed. */
import { ErrandError } from '../../common/errors/index.ts';

export type Flags = Record<string, string | undefined>;
export const CALL_TIMEOUT_MS = 120_000;

export function invalid(message: string, field?: string): ErrandError {
  return new ErrandError('COMMON__INVALID_ARGUMENT', message, { ...(field && { field }), issues: [message] });
}

export const branchLabel = (b: string | null): string => b ?? '(any branch)';

/** --rpc-url, else `envName`; a usage error when neither is a URL. */
export function rpcUrlFrom(values: Flags, envName: string): string {
  const rpcUrl = values['rpc-url'] ?? process.env[envName];
  if (!rpcUrl) throw invalid(`give --rpc-url URL or ${envName}`, 'rpc-url');
  try {
    new URL(rpcUrl);
  } catch {
    throw invalid(`--rpc-url / ${envName} is not a URL`, 'rpc-url');
  }
  return rpcUrl;
}
