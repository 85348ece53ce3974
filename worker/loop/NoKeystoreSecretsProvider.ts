/**
 * The secrets provider of a worker started without a keystore. A request that references secrets
 * is reported on-chain with a coded error; it never runs without them.
 */
import { ErrandError } from '../../common/errors/index.ts';
import type { SecretsProvider } from '../../common/ports/index.ts';
import type { ExecutionRequest } from '../../common/types/index.ts';

export class NoKeystoreSecretsProvider implements SecretsProvider {
  async fetchSecrets(request: ExecutionRequest): Promise<Record<string, string>> {
    if (!request.secretsRef) return {};
    throw new ErrandError('WORKER__SECRETS_UNAVAILABLE', 'this worker has no keystore configured (KEYSTORE_URL); the request needs secrets', {
      reason: 'no keystore',
    });
  }
}
