/**
 * A test-only ChainReader over the local NEAR chain's contract views (contracts/near/local), used
 * until contracts/near/client's reader lands: maps the contract's snake_case views (API.md) to the
 * common types. FT/NFT reads are not available here and throw (so such conditions deny).
 */
import { ErrandError } from '../../common/errors/index.ts';
import type { ChainReader, ChainRequestView, SecretsKey, StoredSecretsEntry, WorkerView } from '../../common/ports/index.ts';
import type { AccessCondition } from '../../common/types/index.ts';
import type { ContractDriver } from '../near/contract/support/localDriver.ts';

type Json = Record<string, unknown>;

function condition(c: Json): AccessCondition {
  if (c.type === 'Logic') return { type: 'Logic', op: c.op as 'AND', conditions: (c.conditions as Json[]).map(condition) };
  if (c.type === 'RequireNftOwnership') {
    return { type: 'RequireNftOwnership', contract: c.contract as string, ...(typeof c.token_id === 'string' && { tokenId: c.token_id }) };
  }
  return c as unknown as AccessCondition;
}

export class LocalViewChainReaderForTests implements ChainReader {
  readonly chain = 'near' as const;
  constructor(private readonly d: ContractDriver) {}

  async getRequest(contractId: string, requestId: string): Promise<ChainRequestView | null> {
    const v = this.d.view('get_request', { request_id: Number(requestId) }) as Json | null;
    if (!v) return null;
    const s = v.source as Json;
    const l = v.resource_limits as Json;
    const ref = v.secrets_ref as { owner: string; profile: string } | null;
    return {
      chain: 'near',
      contractId,
      requestId: String(v.request_id),
      senderId: v.sender_id as string,
      payerId: v.payer_id as string,
      source: s.kind === 'git' ? { kind: 'git', repo: s.repo as string, commit: s.commit as string, target: s.target as 'wasm32-wasip1' } : (s as never),
      input: (v.input as string | null) ?? '',
      ...(ref && { secretsRef: { owner: ref.owner, profile: ref.profile } }),
      limits: { maxInstructions: Number(l.max_instructions), maxMemoryMb: Number(l.max_memory_mb), maxExecutionMs: Number(l.max_execution_ms), maxCompileMs: Number(l.max_compile_ms) },
      responseFormat: v.response_format as 'text',
      deposit: v.deposit as string,
      blockHeight: v.block_height as number,
      status: v.status as ChainRequestView['status'],
    };
  }

  async getSecrets(_contractId: string, key: SecretsKey): Promise<StoredSecretsEntry | null> {
    const v = this.d.view('get_secrets', { owner: key.owner, repo: key.repo, branch: key.branch, profile: key.profile }) as Json | null;
    if (!v) return null;
    return {
      owner: v.owner as string,
      repo: v.repo as string,
      branch: v.branch as string | null,
      profile: v.profile as string,
      encrypted: v.encrypted as string,
      accessCondition: condition(v.access_condition as Json),
      storageDeposit: v.storage_deposit as string,
    };
  }

  async getWorkerByKey(_contractId: string, publicKey: string): Promise<WorkerView | null> {
    const v = this.d.view('get_worker_by_key', { public_key: publicKey }) as Json | null;
    if (!v) return null;
    return { accountId: v.account_id as string, publicKey: v.public_key as string, measurement: v.measurement as string, stake: v.stake as string, status: v.status as WorkerView['status'] };
  }

  async getBalance(accountId: string): Promise<bigint> {
    return this.d.balance(accountId);
  }
  getFtBalance(): Promise<bigint> {
    return Promise.reject(new ErrandError('COMMON__UNFINISHED', 'no FT reads in this test reader', { feature: 'ft' }));
  }
  ownsNft(): Promise<boolean> {
    return Promise.reject(new ErrandError('COMMON__UNFINISHED', 'no NFT reads in this test reader', { feature: 'nft' }));
  }
}
