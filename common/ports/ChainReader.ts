/**
 * Read-only view of a chain, as the keystore and the coordinator need it. Implemented for NEAR over
 * JSON-RPC (contracts/near/client/NearChainReader.ts) and for Solana over JSON-RPC
 * (contracts/solana/client/SolanaChainReader.ts). A failed read throws a coded CHAIN__* error;
 * callers that decide access treat any failure as a denial.
 *
 * The token reads in each chain's terms:
 * | method | NEAR | Solana |
 * |---|---|---|
 * | getBalance | liquid yoctoNEAR | lamports |
 * | getFtBalance(token, account) | NEP-141 `ft_balance_of` of contract `token` | sum of the SPL token accounts of mint `token` owned by `account` |
 * | ownsNft(collection, account, tokenId) | NEP-171 | `account` holds a token account of mint `collection` with amount 1, the mint having 0 decimals (`tokenId` unused) |
 */
import type { AccessCondition } from '../types/accessCondition.ts';
import type { ChainId, ExecutionRequest } from '../types/request.ts';

export type ChainRequestStatus = 'pending' | 'resolved' | 'timed_out' | 'cancelled';

export interface ChainRequestView extends ExecutionRequest {
  status: ChainRequestStatus;
}

export interface StoredSecretsEntry {
  owner: string;
  repo: string;
  /** null: the entry applies to any branch of the repo. */
  branch: string | null;
  profile: string;
  /** The keystore envelope, base64. */
  encrypted: string;
  accessCondition: AccessCondition;
  /** Storage deposit held for this entry, smallest unit, decimal string. */
  storageDeposit: string;
}

export type WorkerStatus = 'active' | 'unbonding' | 'withdrawn' | 'slashed';

/** How a worker proves what it runs, as the chain's worker registry records it (the keystore requires the attestation to be this type). */
export type WorkerAttestationKind = 'ed25519' | 'tdx' | 'sev-snp';

export interface WorkerView {
  accountId: string;
  /** `ed25519:<base58>` as NEAR writes public keys (Solana: the registered worker_key, same form). */
  publicKey: string;
  /** Hex hash of the worker build the operator registered. */
  measurement: string;
  /** The attestation kind the worker registered with. */
  attestationKind: WorkerAttestationKind;
  stake: string;
  status: WorkerStatus;
}

export interface SecretsKey {
  owner: string;
  repo: string;
  branch: string | null;
  profile: string;
}

export interface ChainReader {
  readonly chain: ChainId;
  getRequest(contractId: string, requestId: string, signal?: AbortSignal): Promise<ChainRequestView | null>;
  getSecrets(contractId: string, key: SecretsKey, signal?: AbortSignal): Promise<StoredSecretsEntry | null>;
  /** `claimedAccount`: the account the worker says it is. Where one key may be registered by
   * several accounts (Solana has no per-key index), the reader returns that account's record if
   * it holds this key; NEAR's key index is unique and ignores it. */
  getWorkerByKey(contractId: string, publicKey: string, signal?: AbortSignal, claimedAccount?: string): Promise<WorkerView | null>;
  getBalance(accountId: string, signal?: AbortSignal): Promise<bigint>;
  getFtBalance(ftContract: string, accountId: string, signal?: AbortSignal): Promise<bigint>;
  ownsNft(nftContract: string, accountId: string, tokenId: string | undefined, signal?: AbortSignal): Promise<boolean>;
}
