/**
 * Signs and sends transactions for one account key over NEAR RPC: local nonce allocation (safe
 * under concurrency), retries on named transient errors (node timeout, unreachable RPC, stale nonce,
 * expired block hash) with jittered backoff (RETRY_POLICIES.txSubmit), and the same signed bytes resent after a timeout so a
 * retry cannot execute twice. A failed execution throws CHAIN__TX_FAILED carrying the contract's
 * error code (the text before ": " in its panic message).
 * The block hash a transaction references is reused for BLOCK_HASH_REUSE_MS: NEAR accepts any hash
 * of the last ~86400 blocks (a day), and fetching a fresh one cost an RPC round trip per
 * transaction. An `Expired` answer drops the reused hash before the retry.
 */
import { createTransaction, type Action } from '@near-js/transactions';
import type { JsonRpcProvider } from '@near-js/providers';
import { KeyPair, KeyPairSigner } from 'near-api-js';
import type { KeyPairString } from '@near-js/crypto';
import { baseDecode, baseEncode } from '@near-js/utils';
import { ErrandError, isErrandError } from '../../../common/errors/index.ts';
import { retry } from '../../../common/retry.ts';
import { RETRY_POLICIES } from '../../../common/retryPolicies.ts';
import { NativeTxSigner } from './nativeTxSigner.ts';
import { NonceManager } from './NonceManager.ts';
import { rpcCall } from './rpcCall.ts';
import { failureOf, type FinalOutcome } from './outcomes.ts';

/** How long a fetched final block hash is reused for signing (far inside NEAR's validity window). */
export const BLOCK_HASH_REUSE_MS = 10_000;

export type WaitUntil = 'INCLUDED' | 'INCLUDED_FINAL' | 'EXECUTED_OPTIMISTIC' | 'EXECUTED' | 'FINAL';

export interface TxSenderOptions {
  provider: JsonRpcProvider;
  accountId: string;
  secretKey: KeyPairString;
  maxAttempts?: number;
  timeoutMs?: number;
  waitUntil?: WaitUntil;
}

export class TxSender {
  private readonly signer: KeyPairSigner;
  private readonly nativeSigner: NativeTxSigner | null;
  private readonly keyPublic: ReturnType<KeyPair['getPublicKey']>;
  private readonly publicKey: string;
  private readonly nonces: NonceManager;
  private recentBlock: { hash: Promise<string>; fetchedAt: number } | null = null;

  constructor(private readonly opts: TxSenderOptions) {
    const key = KeyPair.fromString(opts.secretKey);
    this.signer = new KeyPairSigner(key);
    this.nativeSigner = NativeTxSigner.forKeyPair(key);
    this.keyPublic = key.getPublicKey();
    this.publicKey = this.keyPublic.toString();
    this.nonces = new NonceManager(async (signal) => {
      const ak = await rpcCall<{ nonce: number | string }>(
        opts.provider,
        'query',
        { request_type: 'view_access_key', finality: 'final', account_id: opts.accountId, public_key: this.publicKey },
        signal,
      );
      return BigInt(ak.nonce);
    });
  }

  get accountId(): string {
    return this.opts.accountId;
  }

  get signerPublicKey(): string {
    return this.publicKey;
  }

  /** Sends `actions` to `receiverId`; resolves with the final outcome or throws a coded error. */
  async send(
    receiverId: string,
    actions: Action[],
    signal?: AbortSignal,
    waitUntil = this.opts.waitUntil ?? 'EXECUTED_OPTIMISTIC',
  ): Promise<FinalOutcome & { txHash: string }> {
    const policy = { ...RETRY_POLICIES.txSubmit, maxAttempts: this.opts.maxAttempts ?? RETRY_POLICIES.txSubmit.maxAttempts };
    let signed: { base64: string; hash: string } | null = null;
    const attempt = async (): Promise<FinalOutcome & { txHash: string }> => {
      signed ??= await this.sign(receiverId, actions, signal);
      const out = await rpcCall<FinalOutcome>(
        this.opts.provider,
        'send_tx',
        { signed_tx_base64: signed.base64, wait_until: waitUntil },
        signal,
        this.opts.timeoutMs,
      );
      const failure = out.receipts_outcome ? failureOf(out) : null;
      if (failure)
        throw new ErrandError('CHAIN__TX_FAILED', `${receiverId}: ${failure.message}`, { txHash: signed.hash, kind: failure.kind, message: failure.message });
      return { ...out, txHash: signed.hash };
    };
    return retry(attempt, policy, signal, {
      onRetry: (e) => {
        // A node timeout may still execute the signed transaction: resend the same bytes. Nonce
        // and expiry problems need a fresh transaction.
        if (isErrandError(e, 'COMMON__TIMEOUT') || isErrandError(e, 'CHAIN__RPC_UNREACHABLE')) return;
        if (isErrandError(e, 'CHAIN__INVALID_NONCE')) this.nonces.reset();
        else this.recentBlock = null;
        signed = null;
      },
    });
  }

  private async sign(receiverId: string, actions: Action[], signal?: AbortSignal): Promise<{ base64: string; hash: string }> {
    const nonce = await this.nonces.take(signal);
    const blockHash = await this.referenceBlockHash();
    const tx = createTransaction(this.opts.accountId, this.keyPublic, receiverId, nonce, actions, baseDecode(blockHash));
    const [hash, signedTx] = this.nativeSigner ? this.nativeSigner.signTransaction(tx) : await this.signer.signTransaction(tx);
    return { base64: Buffer.from(signedTx.encode()).toString('base64'), hash: baseEncode(hash) };
  }

  /** A recent final block hash, shared by concurrent signers; refetched after BLOCK_HASH_REUSE_MS. */
  private referenceBlockHash(): Promise<string> {
    const now = Date.now();
    if (!this.recentBlock || now - this.recentBlock.fetchedAt > BLOCK_HASH_REUSE_MS) {
      // No caller's signal: the fetch is shared, and one caller giving up must not fail the others.
      const hash = rpcCall<{ header: { hash: string } }>(this.opts.provider, 'block', { finality: 'final' }).then((b) => b.header.hash);
      const entry = { hash, fetchedAt: now };
      this.recentBlock = entry;
      hash.catch(() => {
        if (this.recentBlock === entry) this.recentBlock = null;
      });
    }
    return this.recentBlock.hash;
  }
}
