/**
 * The on-chain half of secrets management, for the CLI and a future web page: store (after the
 * local checks of prepareStoreSecrets), list and delete entries of the Errand NEAR contract through
 * ErrandNearClient. Amounts are yoctoNEAR decimal strings as the contract returns them.
 * Does not promise: retries beyond the TxSender's own (transient RPC errors); a contract refusal
 * surfaces as CHAIN__TX_FAILED with the contract's ERR_* code in `context.kind`.
 */
import { ErrandError } from '../../common/errors/index.ts';
import { ErrandNearClient } from '../../contracts/near/client/ErrandNearClient.ts';
import { nearProvider } from '../../contracts/near/client/provider.ts';
import { TxSender } from '../../contracts/near/client/TxSender.ts';
import type { LoadedNearKey } from './nearCredentials.ts';
import { prepareStoreSecrets, type StoreSecretsInput } from './prepareStoreSecrets.ts';

export interface NearTarget {
  rpcUrl: string;
  contractId: string;
}

export interface SecretsListEntry {
  repo: string;
  branch: string | null;
  profile: string;
  storageDeposit: string;
}

/** A read-only client, or a signing one when `signer` is given. */
export function secretsClient(target: NearTarget, signer?: { accountId: string; key: LoadedNearKey }): ErrandNearClient {
  const provider = nearProvider(target.rpcUrl);
  const sender = signer ? new TxSender({ provider, accountId: signer.accountId, secretKey: signer.key.secretKey, timeoutMs: 60_000 }) : undefined;
  return new ErrandNearClient(target.contractId, provider, sender);
}

export async function storeSecretsOnChain(
  client: ErrandNearClient,
  input: StoreSecretsInput,
  deposit: bigint | undefined,
  signal?: AbortSignal,
): Promise<{ attached: bigint; storageDeposit: string; refunded: string }> {
  const prepared = prepareStoreSecrets(input);
  const attached = deposit ?? prepared.depositBound;
  const r = await client.storeSecrets(
    { repo: prepared.repo, branch: prepared.branch, profile: prepared.profile, encrypted: prepared.encrypted, accessCondition: prepared.accessCondition },
    attached,
    signal,
  );
  return { attached, ...r };
}

export async function listSecretsOnChain(client: ErrandNearClient, owner: string, signal?: AbortSignal): Promise<SecretsListEntry[]> {
  const raw = await client.view<unknown>('list_user_secrets', { owner }, signal);
  if (!Array.isArray(raw))
    throw new ErrandError('CHAIN__BAD_CONTRACT_DATA', 'list_user_secrets did not return an array', {
      what: 'list_user_secrets',
      detail: JSON.stringify(raw).slice(0, 200),
    });
  return raw.map((e: Record<string, unknown>) => {
    if (
      typeof e['repo'] !== 'string' ||
      typeof e['profile'] !== 'string' ||
      typeof e['storage_deposit'] !== 'string' ||
      !(e['branch'] === null || typeof e['branch'] === 'string')
    ) {
      throw new ErrandError('CHAIN__BAD_CONTRACT_DATA', 'list_user_secrets returned a malformed entry', {
        what: 'list_user_secrets',
        detail: JSON.stringify(e).slice(0, 200),
      });
    }
    return { repo: e['repo'], branch: e['branch'], profile: e['profile'], storageDeposit: e['storage_deposit'] };
  });
}

export function deleteSecretsOnChain(
  client: ErrandNearClient,
  key: { repo: string; branch: string | null; profile: string },
  signal?: AbortSignal,
): Promise<{ refunded: string }> {
  return client.deleteSecrets(key, signal);
}
