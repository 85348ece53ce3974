/**
 * How a worker obtains a request's secrets: from the keystore, after attestation. The secrets live
 * in memory only and are handed to the executor as environment variables.
 */
import type { ExecutionRequest } from '../types/request.ts';

export interface SecretsProvider {
  fetchSecrets(request: ExecutionRequest, signal?: AbortSignal): Promise<Record<string, string>>;
}
