/**
 * ResolveSubmitter for NEAR: submits `resolve_execution` signed by the worker's key through a
 * TxSender (nonces, transient retries). Idempotent: a request that is no longer pending, or already
 * resolved by a worker, answers alreadyResolved:true — checked before sending and recognised in the
 * contract's ERR_ALREADY_RESOLVED / ERR_NOT_PENDING failures. An inline output too large for the
 * 1024-byte yield payload is stored first with `submit_execution_output` and referenced by sha256.
 */
import { createHash } from 'node:crypto';
import { ErrandError, isErrandError } from '../../../common/errors/index.ts';
import type { ResolveOutcome, ResolveSubmitter } from '../../../common/ports/index.ts';
import type { ChainId, ExecutionResponse, RequestRef } from '../../../common/types/index.ts';
import type { ErrandNearClient } from './ErrandNearClient.ts';
import { responseToWire } from './wire.ts';

/** NEAR's max yield payload; the contract re-serialises the response and refuses larger ones. */
export const MAX_INLINE_RESPONSE_BYTES = 1024;
const STORAGE_PRICE_PER_BYTE = 10n ** 19n;
/** Generous storage allowance for the output record's key and metadata; the contract refunds the excess. */
const OUTPUT_RECORD_OVERHEAD_BYTES = 512n;

export class NearResolveSubmitter implements ResolveSubmitter {
  constructor(private readonly client: ErrandNearClient) {}

  serves(chain: ChainId): boolean {
    return chain === 'near';
  }

  async resolve(ref: RequestRef, response: ExecutionResponse, signal?: AbortSignal): Promise<ResolveOutcome> {
    if (ref.chain !== 'near' || ref.contractId !== this.client.contractId) {
      throw new ErrandError('COMMON__INVALID_ARGUMENT', `this submitter resolves on near:${this.client.contractId}, not ${ref.chain}:${ref.contractId}`, {
        field: 'ref',
      });
    }
    try {
      const toSend = await this.storeLargeOutput(ref.requestId, response, signal);
      const out = await this.client.resolveExecution(ref.requestId, toSend, signal);
      return { txHash: out.txHash, alreadyResolved: false };
    } catch (e) {
      if (isErrandError(e, 'CHAIN__TX_FAILED') && (e.context.kind === 'ERR_ALREADY_RESOLVED' || e.context.kind === 'ERR_NOT_PENDING')) {
        return { txHash: e.context.txHash, alreadyResolved: true };
      }
      if (isErrandError(e, 'CHAIN__TX_FAILED') && e.context.kind === 'ERR_REQUEST_NOT_FOUND') {
        throw new ErrandError(
          'COMMON__NOT_FOUND',
          `request ${ref.requestId} does not exist on ${this.client.contractId}`,
          { what: 'request', id: ref.requestId },
          { cause: e },
        );
      }
      throw e;
    }
  }

  private async storeLargeOutput(requestId: string, response: ExecutionResponse, signal?: AbortSignal): Promise<ExecutionResponse> {
    const out = response.output;
    if (!out || out.format === 'stored') return response;
    if (Buffer.byteLength(JSON.stringify(responseToWire(response))) <= MAX_INLINE_RESPONSE_BYTES) return response;
    const bytes = Buffer.byteLength(out.value);
    const sha256 = createHash('sha256').update(out.value, 'utf8').digest('hex');
    try {
      await this.client.submitExecutionOutput(requestId, out, (BigInt(bytes) + OUTPUT_RECORD_OVERHEAD_BYTES) * STORAGE_PRICE_PER_BYTE, signal);
    } catch (e) {
      // A previous attempt stored it already: resolve with the reference (the contract checks it matches).
      if (!(isErrandError(e, 'CHAIN__TX_FAILED') && e.context.kind === 'ERR_OUTPUT_EXISTS')) throw e;
    }
    return { ...response, output: { format: 'stored', sha256, bytes } };
  }
}
