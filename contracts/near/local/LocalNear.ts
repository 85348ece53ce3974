/**
 * The embedded local NEAR chain: a Chain, its JSON-RPC server and a block producer. Blocks are
 * produced on demand (`produceBlock()`) and, in auto mode (the default), every `blockIntervalMs`
 * while there is pending work (transactions, receipts, open yields). Finality: by default every
 * block is final as soon as it is produced (`finalityLagBlocks: 0`); set a lag to exercise
 * clients that must wait for finality. State is in memory only and lost on close().
 */
import { Account, KeyPair, KeyPairSigner } from 'near-api-js';
import type { KeyPairString } from '@near-js/crypto';
import { KeepAliveJsonRpcProvider } from '../client/KeepAliveJsonRpcProvider.ts';
import { ErrandError } from '../../../common/errors/index.ts';
import { Chain } from './chain/Chain.ts';
import { isValidAccountId } from './chain/accountId.ts';
import type { Block } from './chain/ChainState.ts';
import type { LocalChainConfig } from './chain/config.ts';
import { viewFunction } from './chain/viewFunction.ts';
import { RpcServer } from './rpc/RpcServer.ts';

export interface LocalNearOptions extends Partial<LocalChainConfig> {
  /** RPC port on 127.0.0.1; 0 (default) picks a free one. */
  port?: number;
  /** Auto block production interval; 0 disables it (blocks only on produceBlock()). Default 20. */
  blockIntervalMs?: number;
  /** How long send_tx / tx wait for their wait_until level before a TIMEOUT_ERROR. Default 10000. */
  rpcWaitTimeoutMs?: number;
}

export interface AccountView {
  amount: bigint;
  locked: bigint;
  codeHash: string;
  storageUsage: bigint;
}

export class LocalNear {
  private readonly keys = new Map<string, KeyPair>();
  private timer: NodeJS.Timeout | null = null;
  readonly provider: KeepAliveJsonRpcProvider;

  private constructor(
    readonly chain: Chain,
    private readonly rpc: RpcServer,
  ) {
    this.provider = new KeepAliveJsonRpcProvider({ url: rpc.url }, { retries: 1, backoff: 1, wait: 0 });
  }

  static async start(opts: LocalNearOptions = {}): Promise<LocalNear> {
    const { port, blockIntervalMs = 20, rpcWaitTimeoutMs, ...config } = opts;
    const chain = new Chain(config);
    const rpc = await RpcServer.start(chain, { port, waitTimeoutMs: rpcWaitTimeoutMs });
    const near = new LocalNear(chain, rpc);
    if (blockIntervalMs > 0) {
      near.timer = setInterval(() => {
        if (chain.hasPendingWork()) chain.produceBlock();
      }, blockIntervalMs);
    }
    return near;
  }

  get rpcUrl(): string {
    return this.rpc.url;
  }

  /** Creates an account with `balance` yoctoNEAR and a full-access key, fresh unless given
   * (genesis-style, no transaction). */
  createAccount(accountId: string, balance: bigint, keyPair: KeyPair = KeyPair.fromRandom('ed25519')): KeyPair {
    if (!isValidAccountId(accountId)) throw new ErrandError('COMMON__INVALID_ARGUMENT', `invalid NEAR account id ${accountId}`, { field: 'accountId' });
    this.chain.createAccount(accountId, balance, keyPair.getPublicKey().toString());
    this.keys.set(accountId, keyPair);
    return keyPair;
  }

  deployContract(accountId: string, wasm: Uint8Array): void {
    if (!this.chain.state.accounts.has(accountId)) throw new ErrandError('CHAIN__ACCOUNT_NOT_FOUND', `no account ${accountId}`, { accountId });
    this.chain.deployContract(accountId, wasm);
  }

  /** A near-api-js Account for an account this LocalNear created, signing with its key. */
  account(accountId: string): Account {
    const key = this.keys.get(accountId);
    if (!key) throw new ErrandError('CHAIN__ACCOUNT_NOT_FOUND', `no key for ${accountId} on the local chain`, { accountId });
    return new Account(accountId, this.provider, new KeyPairSigner(key));
  }

  /** The secret key of an account created here, `ed25519:...` (for clients configured by key string). */
  secretKeyOf(accountId: string): KeyPairString {
    const key = this.keys.get(accountId);
    if (!key) throw new ErrandError('CHAIN__ACCOUNT_NOT_FOUND', `no key for ${accountId} on the local chain`, { accountId });
    return key.toString() as KeyPairString;
  }

  produceBlock(count = 1): Block {
    let b = this.chain.state.head;
    for (let i = 0; i < count; i++) b = this.chain.produceBlock();
    return b;
  }

  get height(): number {
    return this.chain.state.head.height;
  }

  viewAccount(accountId: string): AccountView | null {
    const a = this.chain.state.accounts.get(accountId);
    return a ? { amount: a.amount, locked: a.locked, codeHash: a.codeHash, storageUsage: a.storageUsage } : null;
  }

  /** Runs a view method directly (no RPC); throws ViewCallError when the contract fails. */
  view(accountId: string, method: string, args: unknown = {}): unknown {
    const bytes = new TextEncoder().encode(JSON.stringify(args));
    const { result } = viewFunction(this.chain.state, accountId, method, bytes);
    const text = Buffer.from(result).toString('utf8');
    return text === '' ? null : JSON.parse(text);
  }

  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.provider.close();
    await this.rpc.close();
  }
}
