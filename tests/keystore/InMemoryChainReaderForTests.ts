/**
 * A ChainReader test double: requests, secrets entries, workers and balances held in maps, plus
 * failure injection per operation (to test that a failed chain read denies). Test-only.
 */
import { ErrandError } from '../../common/errors/index.ts';
import type { ChainReader, ChainRequestView, SecretsKey, StoredSecretsEntry, WorkerView } from '../../common/ports/index.ts';
import type { ChainId } from '../../common/types/index.ts';

type Operation = 'getRequest' | 'getSecrets' | 'getWorkerByKey' | 'getBalance' | 'getFtBalance' | 'ownsNft';

export class InMemoryChainReaderForTests implements ChainReader {
  readonly chain: ChainId;
  readonly requests = new Map<string, ChainRequestView>();
  readonly secrets = new Map<string, StoredSecretsEntry>();
  readonly workers = new Map<string, WorkerView>();
  readonly balances = new Map<string, bigint>();
  readonly ftBalances = new Map<string, bigint>();
  readonly nfts = new Set<string>();
  readonly failing = new Set<Operation>();
  readonly calls: Operation[] = [];

  constructor(chain: ChainId = 'near') {
    this.chain = chain;
  }

  static secretsKey(contractId: string, k: SecretsKey): string {
    return JSON.stringify([contractId, k.owner, k.repo, k.branch, k.profile]);
  }

  #enter(op: Operation): void {
    this.calls.push(op);
    if (this.failing.has(op)) throw new ErrandError('CHAIN__UNFINISHED', `injected RPC failure in ${op}`, { feature: op });
  }

  async getRequest(contractId: string, requestId: string): Promise<ChainRequestView | null> {
    this.#enter('getRequest');
    return this.requests.get(`${contractId}/${requestId}`) ?? null;
  }
  async getSecrets(contractId: string, key: SecretsKey): Promise<StoredSecretsEntry | null> {
    this.#enter('getSecrets');
    return this.secrets.get(InMemoryChainReaderForTests.secretsKey(contractId, key)) ?? null;
  }
  async getWorkerByKey(_contractId: string, publicKey: string): Promise<WorkerView | null> {
    this.#enter('getWorkerByKey');
    return this.workers.get(publicKey) ?? null;
  }
  async getBalance(accountId: string): Promise<bigint> {
    this.#enter('getBalance');
    return this.balances.get(accountId) ?? 0n;
  }
  async getFtBalance(ftContract: string, accountId: string): Promise<bigint> {
    this.#enter('getFtBalance');
    return this.ftBalances.get(`${ftContract}/${accountId}`) ?? 0n;
  }
  async ownsNft(nftContract: string, accountId: string, tokenId: string | undefined): Promise<boolean> {
    this.#enter('ownsNft');
    if (tokenId === undefined) return [...this.nfts].some((n) => n.startsWith(`${nftContract}/${accountId}/`));
    return this.nfts.has(`${nftContract}/${accountId}/${tokenId}`);
  }

  putRequest(request: ChainRequestView): void {
    this.requests.set(`${request.contractId}/${request.requestId}`, request);
  }
  putSecrets(contractId: string, entry: StoredSecretsEntry): void {
    this.secrets.set(InMemoryChainReaderForTests.secretsKey(contractId, entry), entry);
  }
}
