/** Resolves NEAR's block references (`finality`, `block_id` as height or hash) against the local chain. */
import type { Block, ChainState } from '../chain/ChainState.ts';
import { RpcError } from './RpcError.ts';

export function resolveBlock(state: ChainState, params: Record<string, unknown>): Block {
  const id = params['block_id'];
  if (id === undefined || id === null) {
    const finality = params['finality'] ?? 'final';
    if (finality === 'final') return state.finalHead;
    if (finality === 'optimistic' || finality === 'near-final') return state.head;
    throw RpcError.badRequest(`unknown finality ${String(finality)}`);
  }
  const block = typeof id === 'number' ? state.blockAt(id) : typeof id === 'string' ? state.blocksByHash.get(id) : undefined;
  if (!block) throw RpcError.handler('UNKNOWN_BLOCK', {}, `DB Not Found Error: BLOCK: ${String(id)}`);
  return block;
}
