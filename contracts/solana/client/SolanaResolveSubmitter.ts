/**
 * ResolveSubmitter for Solana: `resolve_execution` signed by the worker's authority key (the key
 * its Worker account is registered under). A first attempt uses a recent blockhash this submitter
 * read at most `blockhashReuseMs` ago (one read serves many resolves: a blockhash stays valid for
 * 150 slots, about a minute); every retry takes a fresh one. A send that failed for a transient
 * reason (RPC unreachable, blockhash expired, confirmation timed out) is retried after checking
 * whether an earlier attempt landed after all. A confirmed resolve is not read back (only its
 * signature is reported); a failed one is, for its error. Idempotent: the program
 * closes a request when it settles it, so a request account that is gone (or a resolve refused
 * with `RequestNotFound`) answers alreadyResolved:true. An optional priority fee (compute-unit
 * price) goes first in every transaction.
 *
 * Output: inline up to the program's `max_output_bytes` (text/json as UTF-8, bytes as decoded
 * base64); a larger one is resolved as `Stored { sha256, bytes, reference }`, the reference naming
 * the coordinator, which keeps the full response of the execute job. The error is `CODE: message`,
 * cut to the program's 256 bytes.
 */
import { createHash } from 'node:crypto';
import { utils } from '@coral-xyz/anchor';
import { PublicKey } from '@solana/web3.js';
import { ErrandError, isErrandError } from '../../../common/errors/index.ts';
import type { ResolveOutcome, ResolveSubmitter } from '../../../common/ports/index.ts';
import type { ChainId, ExecutionRequest, ExecutionResponse, RequestRef } from '../../../common/types/index.ts';
import type { ErrandSolanaClient } from './ErrandSolanaClient.ts';
import type { RecentBlockhash } from './SolanaSender.ts';
import type { CallbackSpec, ExecutionResult, Output } from './types.ts';

export const MAX_ERROR_BYTES = 256;
const REQUEST_DISCRIMINATOR = Buffer.from([125, 172, 150, 161, 162, 115, 39, 71]);
/** Codes after which the same resolve may succeed on another try (fresh blockhash). */
const RETRYABLE = new Set(['COMMON__TIMEOUT', 'CHAIN__RPC_UNREACHABLE', 'CHAIN__RPC_ERROR', 'CHAIN__BAD_RESPONSE', 'CHAIN__INVALID_TRANSACTION']);

export interface SolanaResolveSubmitterOptions {
  /** Compute-unit price, micro-lamports (0: no priority fee). */
  priorityFeeMicroLamports?: number;
  /** Attempts per resolve (default 3). */
  attempts?: number;
  /** Longest one attempt may take (default 30 s). */
  attemptTimeoutMs?: number;
  /** How long a blockhash read for one resolve serves the first attempts of others (default
   * 2000 ms, well inside its validity; 0: read one per attempt). */
  blockhashReuseMs?: number;
}

/** Where a request lives: its PDA and requester (the refund goes there). */
interface Located {
  request: PublicKey;
  requester: PublicKey;
  callback: CallbackSpec | null;
}

export class SolanaResolveSubmitter implements ResolveSubmitter {
  private maxOutputBytes: number | undefined;
  private recent: { value: Promise<RecentBlockhash>; readAt: number } | undefined;
  readonly programId: string;

  constructor(
    private readonly client: ErrandSolanaClient,
    private readonly opts: SolanaResolveSubmitterOptions = {},
  ) {
    this.programId = client.programId.toBase58();
  }

  serves(chain: ChainId): boolean {
    return chain === 'solana';
  }

  async resolve(ref: RequestRef, response: ExecutionResponse, signal?: AbortSignal): Promise<ResolveOutcome> {
    if (ref.chain !== 'solana' || ref.contractId !== this.programId) {
      throw new ErrandError('COMMON__INVALID_ARGUMENT', `this submitter resolves on solana:${this.programId}, not ${ref.chain}:${ref.contractId}`, {
        field: 'ref',
      });
    }
    const at = await this.locate(ref);
    if (!at) return { txHash: '', alreadyResolved: true };
    const result = await this.toResult(ref, response);
    const attempts = this.opts.attempts ?? 3;
    for (let attempt = 1; ; attempt++) {
      try {
        const sent = await this.client.resolveExecution(at.request, at.requester, result, signal, {
          priorityFeeMicroLamports: this.opts.priorityFeeMicroLamports,
          timeoutMs: this.opts.attemptTimeoutMs ?? 30_000,
          callback: at.callback,
          blockhash: attempt === 1 ? await this.recentBlockhash() : undefined,
          readBack: false,
        });
        return { txHash: sent.signature, alreadyResolved: false };
      } catch (e) {
        if (isErrandError(e, 'CHAIN__TX_FAILED') && e.context.kind === 'RequestNotFound') return { txHash: e.context.txHash, alreadyResolved: true };
        // The shared blockhash may be what failed (expired): the next resolve reads a new one.
        this.recent = undefined;
        if (signal?.aborted || attempt >= attempts || !(isErrandError(e) && RETRYABLE.has(e.code))) throw e;
        // An attempt that timed out may have landed: a settled request is closed.
        if (!(await this.client.connection.getAccountInfo(at.request, 'confirmed'))) return { txHash: '', alreadyResolved: true };
      }
    }
  }

  /** A blockhash read at most blockhashReuseMs ago; concurrent resolves share one read. */
  private async recentBlockhash(): Promise<RecentBlockhash | undefined> {
    const reuseMs = this.opts.blockhashReuseMs ?? 2_000;
    if (reuseMs <= 0) return undefined;
    const now = Date.now();
    if (!this.recent || now - this.recent.readAt > reuseMs) {
      const value = this.client.connection.getLatestBlockhash('confirmed');
      this.recent = { value, readAt: now };
      value.catch(() => {
        if (this.recent?.value === value) this.recent = undefined;
      });
    }
    return this.recent.value;
  }

  /** The request's PDA and requester: from the claimed request when it carries them (the watcher
   * records the PDA as the callback handle), else found by id among the program's accounts. Null:
   * the request is settled (its account closed) or never existed. */
  private async locate(ref: RequestRef): Promise<Located | null> {
    const r = ref as Partial<ExecutionRequest>;
    if (r.callbackHandle && r.senderId) {
      const view = await this.client.getRequest(new PublicKey(r.callbackHandle));
      return view ? { request: view.address, requester: view.requester, callback: view.callback } : null;
    }
    const id = Buffer.alloc(8);
    id.writeBigUInt64LE(BigInt(ref.requestId));
    const found = await this.client.connection.getProgramAccounts(this.client.programId, {
      commitment: 'confirmed',
      filters: [
        { memcmp: { offset: 0, bytes: utils.bytes.bs58.encode(REQUEST_DISCRIMINATOR) } },
        { memcmp: { offset: 8, bytes: utils.bytes.bs58.encode(id) } },
      ],
    });
    const hit = found[0];
    if (!hit) return null;
    const view = await this.client.getRequest(hit.pubkey);
    return view ? { request: view.address, requester: view.requester, callback: view.callback } : null;
  }

  private async toResult(ref: RequestRef, response: ExecutionResponse): Promise<ExecutionResult> {
    const u = response.resourcesUsed;
    const whole = (n: number): bigint => BigInt(Math.max(0, Math.ceil(n)));
    return {
      success: response.success,
      resourcesUsed: { instructions: whole(u.instructions), timeMs: whole(u.timeMs), compileTimeMs: whole(u.compileTimeMs) },
      output: await this.outputOf(ref, response.output),
      error: response.error ? cutUtf8(`${response.error.code}: ${response.error.message}`, MAX_ERROR_BYTES) : '',
      // As NEAR's submitter (contracts/near/client/wire.ts): the transcript hash and HTTP usage only
      // when the run had them; the program refuses both for a request without the http capability.
      transcriptSha256: response.transcriptSha256 ? Buffer.from(response.transcriptSha256, 'hex') : null,
      httpUsed: u.httpRequests || u.httpResponseBytes ? { requests: whole(u.httpRequests ?? 0), responseBytes: whole(u.httpResponseBytes ?? 0) } : null,
    };
  }

  private async outputOf(ref: RequestRef, out: ExecutionResponse['output']): Promise<Output> {
    if (!out) return { kind: 'none' };
    const reference = `errand-coordinator:${ref.chain}:${ref.contractId}:${ref.requestId}`;
    if (out.format === 'stored') return { kind: 'stored', sha256: Buffer.from(out.sha256, 'hex'), bytes: BigInt(out.bytes), reference };
    const data = out.format === 'bytes' ? Buffer.from(out.value, 'base64') : Buffer.from(out.value, 'utf8');
    this.maxOutputBytes ??= (await this.client.getConfig()).maxOutputBytes;
    if (data.length <= this.maxOutputBytes) return { kind: 'inline', data };
    return { kind: 'stored', sha256: createHash('sha256').update(data).digest(), bytes: BigInt(data.length), reference };
  }
}

/** At most `max` bytes of `s`'s UTF-8, never splitting a character. */
function cutUtf8(s: string, max: number): string {
  const b = Buffer.from(s, 'utf8');
  if (b.length <= max) return s;
  let end = max;
  while (end > 0 && (b[end]! & 0xc0) === 0x80) end--;
  return b.subarray(0, end).toString('utf8');
}
