/**
 * The resolve submitter of a worker that serves several chains: each request goes to the submitter
 * of its chain. A request of a chain this worker does not serve fails with
 * WORKER__CHAIN_NOT_SERVED, which is transient (the claim is handed back for a worker that serves
 * it): the coordinator does not route claims by chain yet.
 */
import { ErrandError } from '../../common/errors/index.ts';
import type { ResolveOutcome, ResolveSubmitter } from '../../common/ports/index.ts';
import type { ChainId, ExecutionResponse, RequestRef } from '../../common/types/index.ts';

export class ChainRoutingSubmitter implements ResolveSubmitter {
  constructor(private readonly byChain: Partial<Record<ChainId, ResolveSubmitter>>) {}

  serves(chain: ChainId): boolean {
    return this.byChain[chain] !== undefined;
  }

  resolve(ref: RequestRef, response: ExecutionResponse, signal?: AbortSignal): Promise<ResolveOutcome> {
    const s = this.byChain[ref.chain];
    if (!s) throw notServed(ref.chain, Object.keys(this.byChain));
    return s.resolve(ref, response, signal);
  }
}

export function notServed(chain: string, served: string[]): ErrandError {
  const serving = served.length > 0 ? ` (it serves ${served.join(', ')})` : '';
  return new ErrandError('WORKER__CHAIN_NOT_SERVED', `this worker does not serve ${chain} requests${serving}`, { chain, served });
}
