/**
 * ChainReader for NEAR over RPC (real networks and the local chain alike): requests, secrets and
 * workers from the Errand contract's views; NEAR balances from `view_account`; FT balances via
 * NEP-141 `ft_balance_of`; NFT ownership via NEP-171 `nft_token` (a given token) or
 * `nft_tokens_for_owner` (any token). Reads use final blocks. Failures throw coded CHAIN__* errors.
 */
import type { JsonRpcProvider } from '@near-js/providers';
import { ErrandError, isErrandError } from '../../../common/errors/index.ts';
import type { ChainReader, ChainRequestView, SecretsKey, StoredSecretsEntry, WorkerView } from '../../../common/ports/index.ts';
import { ErrandNearClient } from './ErrandNearClient.ts';
import { rpcCall } from './rpcCall.ts';

export class NearChainReader implements ChainReader {
  readonly chain = 'near' as const;

  constructor(private readonly provider: JsonRpcProvider) {}

  private client(contractId: string): ErrandNearClient {
    return new ErrandNearClient(contractId, this.provider);
  }

  getRequest(contractId: string, requestId: string, signal?: AbortSignal): Promise<ChainRequestView | null> {
    return this.client(contractId).getRequest(requestId, signal);
  }

  getSecrets(contractId: string, key: SecretsKey, signal?: AbortSignal): Promise<StoredSecretsEntry | null> {
    return this.client(contractId).getSecrets(key, signal);
  }

  getWorkerByKey(contractId: string, publicKey: string, signal?: AbortSignal): Promise<WorkerView | null> {
    return this.client(contractId).getWorkerByKey(publicKey, signal);
  }

  /** The account's liquid balance; 0 for an account that does not exist. */
  async getBalance(accountId: string, signal?: AbortSignal): Promise<bigint> {
    try {
      const v = await rpcCall<{ amount: string }>(this.provider, 'query', { request_type: 'view_account', finality: 'final', account_id: accountId }, signal);
      return BigInt(v.amount);
    } catch (e) {
      if (isErrandError(e, 'CHAIN__ACCOUNT_NOT_FOUND')) return 0n;
      throw e;
    }
  }

  async getFtBalance(ftContract: string, accountId: string, signal?: AbortSignal): Promise<bigint> {
    const v = await this.client(ftContract).view<unknown>('ft_balance_of', { account_id: accountId }, signal);
    if (typeof v !== 'string' || !/^\d+$/.test(v))
      throw new ErrandError('CHAIN__BAD_CONTRACT_DATA', `${ftContract}.ft_balance_of returned ${JSON.stringify(v)}`, {
        what: 'ft_balance_of',
        detail: JSON.stringify(v),
      });
    return BigInt(v);
  }

  async ownsNft(nftContract: string, accountId: string, tokenId: string | undefined, signal?: AbortSignal): Promise<boolean> {
    const c = this.client(nftContract);
    if (tokenId !== undefined) {
      const token = await c.view<{ owner_id?: unknown } | null>('nft_token', { token_id: tokenId }, signal);
      return !!token && token.owner_id === accountId;
    }
    const tokens = await c.view<unknown>('nft_tokens_for_owner', { account_id: accountId, from_index: '0', limit: 1 }, signal);
    if (!Array.isArray(tokens))
      throw new ErrandError('CHAIN__BAD_CONTRACT_DATA', `${nftContract}.nft_tokens_for_owner returned ${JSON.stringify(tokens)}`, {
        what: 'nft_tokens_for_owner',
        detail: JSON.stringify(tokens).slice(0, 200),
      });
    return tokens.length > 0;
  }
}
