/**
 * The JSON shapes of blocks and chunks (nearcore's BlockView / ChunkView), and the header a light
 * client proof carries. A block does not change once produced, so its chunk header (with the
 * receipt and transaction roots, a hash each) is built once and shared by every later `block` and
 * `chunk` answer; only a block's finality fields depend on the current head.
 */
import { base58Encode } from '../chain/base58.ts';
import { sha256Base58, type Block, type ChainState } from '../chain/ChainState.ts';
import { receiptJson, txJson } from './jsonShapes.ts';

/** NEAR's CryptoHash::default(): also the root of an empty list (an empty chunk's tx/receipt roots). */
const ZERO_HASH = '11111111111111111111111111111111';
const NO_SIGNATURE = `ed25519:${base58Encode(new Uint8Array(64))}`;

/** Not a real merkle root, but like NEAR's: the default hash exactly when the list is empty, so a
 * reader can skip fetching empty chunks on the local chain and on a real node with the same check. */
function rootOf(ids: string[]): string {
  return ids.length === 0 ? ZERO_HASH : sha256Base58(ids.join(','));
}

const chunkHeaders = new WeakMap<Block, Readonly<Record<string, unknown>>>();

/** The block's (single) chunk header; built once per block, never to be mutated by callers. */
export function chunkHeaderJson(b: Block): Readonly<Record<string, unknown>> {
  let header = chunkHeaders.get(b);
  if (!header) {
    header = {
      chunk_hash: b.chunkHash,
      prev_block_hash: b.prevHash,
      outcome_root: ZERO_HASH,
      prev_state_root: ZERO_HASH,
      encoded_merkle_root: ZERO_HASH,
      encoded_length: 0,
      height_created: b.height,
      height_included: b.height,
      shard_id: 0,
      gas_used: Number(b.gasBurnt),
      gas_limit: 1_000_000_000_000_000,
      rent_paid: '0',
      validator_reward: '0',
      balance_burnt: '0',
      outgoing_receipts_root: rootOf(b.receipts.map((r) => r.receiptId)),
      tx_root: rootOf(b.transactions.map((t) => t.hash)),
      validator_proposals: [],
      congestion_info: null,
      bandwidth_requests: null,
      signature: NO_SIGNATURE,
    };
    chunkHeaders.set(b, header);
  }
  return header;
}

export function blockJson(state: ChainState, b: Block): unknown {
  const final = state.finalHead;
  const lastFinal = (final.height <= b.height ? final : b).hash;
  return {
    author: 'local',
    header: {
      height: b.height,
      prev_height: b.height - 1,
      epoch_id: ZERO_HASH,
      next_epoch_id: ZERO_HASH,
      hash: b.hash,
      prev_hash: b.prevHash,
      prev_state_root: ZERO_HASH,
      chunk_receipts_root: ZERO_HASH,
      chunk_headers_root: ZERO_HASH,
      chunk_tx_root: ZERO_HASH,
      outcome_root: ZERO_HASH,
      chunks_included: 1,
      challenges_root: ZERO_HASH,
      timestamp: Number(b.timestampNs),
      timestamp_nanosec: b.timestampNs.toString(),
      random_value: b.hash,
      validator_proposals: [],
      chunk_mask: [true],
      gas_price: state.config.gasPrice.toString(),
      block_ordinal: b.height,
      rent_paid: '0',
      validator_reward: '0',
      total_supply: '0',
      challenges_result: [],
      last_final_block: lastFinal,
      last_ds_final_block: lastFinal,
      next_bp_hash: ZERO_HASH,
      block_merkle_root: ZERO_HASH,
      epoch_sync_data_hash: null,
      approvals: [],
      signature: NO_SIGNATURE,
      latest_protocol_version: 73,
    },
    chunks: [chunkHeaderJson(b)],
  };
}

export function chunkJson(b: Block): unknown {
  return { author: 'local', header: chunkHeaderJson(b), transactions: b.transactions.map(txJson), receipts: b.receipts.map(receiptJson) };
}

/** The light client's view of a block header (LightClientBlockLiteView), as in a proof's block_header_lite. */
export function blockHeaderLiteJson(b: Block): unknown {
  return {
    prev_block_hash: b.prevHash,
    inner_rest_hash: ZERO_HASH,
    inner_lite: { height: b.height, timestamp: Number(b.timestampNs), timestamp_nanosec: b.timestampNs.toString() },
  };
}
