/** Routes one JSON-RPC call to the local chain. Unknown methods get NEAR's METHOD_NOT_FOUND error. */
import type { Chain } from '../chain/Chain.ts';
import { resolveBlock } from './blockRef.ts';
import { blockJson, chunkJson } from './blockShapes.ts';
import { query } from './queryMethod.ts';
import { RpcError } from './RpcError.ts';
import type { TxMethods } from './txMethods.ts';

export async function dispatch(chain: Chain, tx: TxMethods, method: string, params: unknown, rpcAddr: string): Promise<unknown> {
  const s = chain.state;
  const obj = (params && typeof params === 'object' && !Array.isArray(params) ? params : {}) as Record<string, unknown>;
  switch (method) {
    case 'status': {
      const head = s.head;
      const genesis = s.blocks[0] ?? head;
      return {
        chain_id: s.config.chainId,
        protocol_version: 73,
        latest_protocol_version: 73,
        rpc_addr: rpcAddr,
        genesis_hash: genesis.hash,
        node_public_key: 'ed25519:11111111111111111111111111111111',
        node_key: null,
        validator_account_id: null,
        validator_public_key: null,
        validators: [{ account_id: 'local', is_slashed: false }],
        version: { version: 'errand-local', build: 'local', rustc_version: '' },
        uptime_sec: 0,
        sync_info: {
          latest_block_hash: head.hash,
          latest_block_height: head.height,
          latest_state_root: '11111111111111111111111111111111',
          latest_block_time: new Date(Number(head.timestampNs / 1_000_000n)).toISOString(),
          syncing: false,
          earliest_block_hash: genesis.hash,
          earliest_block_height: genesis.height,
          earliest_block_time: new Date(Number(genesis.timestampNs / 1_000_000n)).toISOString(),
          epoch_id: '11111111111111111111111111111111',
          epoch_start_height: genesis.height,
        },
      };
    }
    case 'block':
      return blockJson(s, resolveBlock(s, Array.isArray(params) ? { block_id: params[0] } : obj));
    case 'chunk': {
      const chunkId = Array.isArray(params) ? params[0] : obj['chunk_id'];
      if (chunkId !== undefined) {
        const b = typeof chunkId === 'string' ? s.blocksByChunkHash.get(chunkId) : undefined;
        if (!b) throw RpcError.handler('UNKNOWN_CHUNK', { chunk_hash: chunkId }, `Chunk Missing (unavailable on the node): ChunkHash(${String(chunkId)})`);
        return chunkJson(b);
      }
      if (obj['shard_id'] !== undefined && obj['shard_id'] !== 0)
        throw RpcError.handler('INVALID_SHARD_ID', { shard_id: obj['shard_id'] }, 'Shard id does not exist');
      return chunkJson(resolveBlock(s, obj));
    }
    case 'query':
      return query(s, params);
    case 'gas_price':
      return { gas_price: s.config.gasPrice.toString() };
    case 'EXPERIMENTAL_protocol_config':
      return { chain_id: s.config.chainId, protocol_version: 73, runtime_config: { storage_amount_per_byte: s.config.storageAmountPerByte.toString() } };
    case 'EXPERIMENTAL_genesis_config':
      return { chain_id: s.config.chainId, genesis_height: s.blocks[0]?.height ?? 1, min_gas_price: s.config.gasPrice.toString() };
    case 'validators':
      return {
        current_validators: [],
        next_validators: [],
        current_fishermen: [],
        next_fishermen: [],
        current_proposals: [],
        prev_epoch_kickout: [],
        epoch_start_height: 1,
        epoch_height: 1,
      };
    case 'send_tx':
      return tx.sendTx(params);
    case 'broadcast_tx_async':
      return tx.submit(Array.isArray(params) ? params[0] : obj['signed_tx_base64']);
    case 'broadcast_tx_commit':
      return tx.sendTx({ signed_tx_base64: Array.isArray(params) ? params[0] : obj['signed_tx_base64'], wait_until: 'EXECUTED_OPTIMISTIC' });
    case 'tx':
      return tx.txStatus(params, false);
    case 'EXPERIMENTAL_tx_status':
      return tx.txStatus(params, true);
    case 'EXPERIMENTAL_receipt':
      return tx.receipt(params);
    case 'EXPERIMENTAL_light_client_proof':
    case 'light_client_proof':
      return tx.lightClientProof(params);
    default:
      throw RpcError.methodNotFound(method);
  }
}
