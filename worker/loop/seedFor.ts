/** The seed of a request's run (randomness and clocks derive from it), so every worker, and
 * `errand verify`, computes the same answer. */
import { hash } from 'node:crypto';
import type { ExecutionRequest } from '../../common/types/index.ts';

export function seedFor(request: Pick<ExecutionRequest, 'chain' | 'contractId' | 'requestId'>): bigint {
  return hash('sha256', `${request.chain}:${request.contractId}:${request.requestId}`, 'buffer').readBigUInt64BE(0);
}
