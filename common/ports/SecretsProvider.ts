/**
 * How a worker obtains a request's secrets: from the keystore, after attestation. The secrets live
 * in memory only and are handed to the executor as environment variables.
 */
import type { ClaimTicket } from '../tickets/index.ts';
import type { ExecutionRequest } from '../types/request.ts';

export interface SecretsProvider {
  /** `ticket`: the coordinator's claim ticket for the execute job this worker holds (the keystore requires one). */
  fetchSecrets(request: ExecutionRequest, signal?: AbortSignal, ticket?: ClaimTicket): Promise<Record<string, string>>;
}
