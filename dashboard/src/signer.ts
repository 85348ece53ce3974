/**
 * Who signs the page's transactions. Under `errand dev` the coordinator holds the dev accounts'
 * keys and signs for them (it receives the envelope the browser already encrypted, never a
 * plaintext). On real networks the user's wallet signs: the NEAR wallet selector cannot be
 * bundled offline here yet, so that path fails with a coded "unfinished" error the page shows.
 */
import { ErrandError } from '../../common/errors/index.ts';
import { postJson } from './api.ts';
import type { DashboardConfig } from './types.ts';

export interface SecretsKey {
  owner: string;
  repo: string;
  branch: string | null;
  profile: string;
}

export interface Signer {
  kind: 'dev' | 'wallet';
  storeSecrets(entry: SecretsKey & { envelope: string; condition: unknown }): Promise<{ storageDepositYocto: string; refundedYocto: string }>;
  deleteSecrets(key: SecretsKey): Promise<{ refundedYocto: string }>;
}

function walletUnfinished(): never {
  throw new ErrandError('COMMON__UNFINISHED', 'signing with a NEAR wallet (wallet selector) is not built yet: use errand secrets store with your key', {
    feature: 'dashboard: NEAR wallet signing',
  });
}

export function signerFor(config: DashboardConfig): Signer {
  if (config.signing.kind === 'dev') {
    return {
      kind: 'dev',
      storeSecrets: (entry) => postJson('/v1/dashboard/dev/secrets', entry),
      deleteSecrets: (key) => postJson('/v1/dashboard/dev/secrets/delete', key),
    };
  }
  return { kind: 'wallet', storeSecrets: async () => walletUnfinished(), deleteSecrets: async () => walletUnfinished() };
}
