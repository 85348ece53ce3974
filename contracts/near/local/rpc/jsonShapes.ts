/**
 * Converts the local chain's records into the JSON shapes NEAR's RPC returns (nearcore's
 * `views.rs`): actions, execution outcomes, receipts, blocks, chunks and final outcomes. Numbers
 * that can exceed 2^53 (balances, tokens) are decimal strings, as on NEAR.
 */
import { baseEncode } from '@near-js/utils';
import { sha256Base58, type Block, type ChainState, type TxRecord } from '../chain/ChainState.ts';
import type { SignedTxInfo } from '../chain/decodeTransaction.ts';
import type { Action, ExecutionOutcome, ExecutionStatus, Receipt } from '../chain/types.ts';

const b64 = (b: Uint8Array): string => Buffer.from(b).toString('base64');

export function actionJson(a: Action): unknown {
  switch (a.type) {
    case 'CreateAccount': return 'CreateAccount';
    case 'DeployContract': return { DeployContract: { code: b64(a.code) } };
    case 'FunctionCall': return { FunctionCall: { method_name: a.methodName, args: b64(a.args), gas: Number(a.gas), deposit: a.deposit.toString() } };
    case 'Transfer': return { Transfer: { deposit: a.deposit.toString() } };
    case 'Stake': return { Stake: { stake: a.stake.toString(), public_key: a.publicKey } };
    case 'AddKey': {
      const p = a.accessKey.permission;
      const permission = p.kind === 'full' ? 'FullAccess' : { FunctionCall: { allowance: p.allowance?.toString() ?? null, receiver_id: p.receiverId, method_names: p.methodNames } };
      return { AddKey: { public_key: a.publicKey, access_key: { nonce: Number(a.accessKey.nonce), permission } } };
    }
    case 'DeleteKey': return { DeleteKey: { public_key: a.publicKey } };
    case 'DeleteAccount': return { DeleteAccount: { beneficiary_id: a.beneficiaryId } };
  }
}

export function statusJson(s: ExecutionStatus): unknown {
  switch (s.kind) {
    case 'SuccessValue': return { SuccessValue: b64(s.value) };
    case 'SuccessReceiptId': return { SuccessReceiptId: s.receiptId };
    case 'Failure': return { Failure: s.error };
    case 'Unknown': return 'Unknown';
  }
}

export function outcomeWithIdJson(o: ExecutionOutcome): unknown {
  return {
    proof: [],
    block_hash: o.blockHash,
    id: o.id,
    outcome: {
      logs: o.logs, receipt_ids: o.receiptIds, gas_burnt: Number(o.gasBurnt), tokens_burnt: o.tokensBurnt.toString(),
      executor_id: o.executorId, status: statusJson(o.status), metadata: { version: 1, gas_profile: null },
    },
  };
}

export function txJson(t: SignedTxInfo): unknown {
  return {
    signer_id: t.signerId, public_key: t.publicKey, nonce: Number(t.nonce), receiver_id: t.receiverId,
    actions: t.actions.map(actionJson), priority_fee: 0, signature: t.signature, hash: t.hash,
  };
}

export function receiptJson(r: Receipt): unknown {
  if (r.kind === 'data') {
    return { predecessor_id: r.predecessorId, receiver_id: r.receiverId, receipt_id: r.receiptId, priority: 0,
      receipt: { Data: { data_id: r.dataId, data: r.data ? b64(r.data) : null, is_promise_resume: r.isPromiseResume ?? false } } };
  }
  return {
    predecessor_id: r.predecessorId, receiver_id: r.receiverId, receipt_id: r.receiptId, priority: 0,
    receipt: { Action: {
      signer_id: r.signerId, signer_public_key: r.signerPublicKey, gas_price: r.gasPrice.toString(),
      output_data_receivers: r.outputDataReceivers.map((d) => ({ data_id: d.dataId, receiver_id: d.receiverId })),
      input_data_ids: r.inputDataIds, actions: r.actions.map(actionJson), is_promise_yield: r.isPromiseYield ?? false,
    } },
  };
}

/** The transaction's status as nearcore computes it: follow SuccessReceiptId links to the last one. */
export function finalStatus(state: ChainState, rec: TxRecord): unknown {
  let status = rec.outcome.status;
  for (let hops = 0; status.kind === 'SuccessReceiptId' && hops < 10_000; hops++) {
    const next = state.outcomes.get(status.receiptId);
    if (!next) return 'Started';
    status = next.status;
  }
  return statusJson(status);
}

export function finalOutcomeJson(state: ChainState, rec: TxRecord, finalExecutionStatus: string, withReceipts: boolean): Record<string, unknown> {
  const outcomes = rec.receiptIds.map((id) => state.outcomes.get(id)).filter((o): o is ExecutionOutcome => !!o);
  const out: Record<string, unknown> = {
    final_execution_status: finalExecutionStatus,
    status: finalStatus(state, rec),
    transaction: txJson(rec.info),
    transaction_outcome: outcomeWithIdJson(rec.outcome),
    receipts_outcome: outcomes.map(outcomeWithIdJson),
  };
  if (withReceipts) out['receipts'] = rec.receiptIds.map((id) => state.receipts.get(id)).filter((r): r is Receipt => !!r).map(receiptJson);
  return out;
}

/** NEAR's root of an empty list (CryptoHash::default()): what an empty chunk's tx/receipt roots are. */
const EMPTY_ROOT = '11111111111111111111111111111111';
/** Not a real merkle root, but like NEAR's: the default hash exactly when the list is empty, so a
 * reader can skip fetching empty chunks on the local chain and on a real node with the same check. */
const rootOf = (ids: string[]): string => (ids.length === 0 ? EMPTY_ROOT : sha256Base58(ids.join(',')));

export function chunkHeaderJson(b: Block): Record<string, unknown> {
  return {
    chunk_hash: b.chunkHash, prev_block_hash: b.prevHash, outcome_root: '11111111111111111111111111111111', prev_state_root: '11111111111111111111111111111111',
    encoded_merkle_root: '11111111111111111111111111111111', encoded_length: 0, height_created: b.height, height_included: b.height, shard_id: 0,
    gas_used: Number(b.gasBurnt), gas_limit: 1_000_000_000_000_000, rent_paid: '0', validator_reward: '0', balance_burnt: '0',
    outgoing_receipts_root: rootOf(b.receipts.map((r) => r.receiptId)), tx_root: rootOf(b.transactions.map((t) => t.hash)), validator_proposals: [], congestion_info: null,
    bandwidth_requests: null, signature: `ed25519:${baseEncode(new Uint8Array(64))}`,
  };
}

export function blockJson(state: ChainState, b: Block): unknown {
  const final = state.finalHead;
  return {
    author: 'local',
    header: {
      height: b.height, prev_height: b.height - 1, epoch_id: '11111111111111111111111111111111', next_epoch_id: '11111111111111111111111111111111',
      hash: b.hash, prev_hash: b.prevHash, prev_state_root: '11111111111111111111111111111111', chunk_receipts_root: '11111111111111111111111111111111',
      chunk_headers_root: '11111111111111111111111111111111', chunk_tx_root: '11111111111111111111111111111111', outcome_root: '11111111111111111111111111111111',
      chunks_included: 1, challenges_root: '11111111111111111111111111111111', timestamp: Number(b.timestampNs), timestamp_nanosec: b.timestampNs.toString(),
      random_value: b.hash, validator_proposals: [], chunk_mask: [true], gas_price: state.config.gasPrice.toString(), block_ordinal: b.height,
      rent_paid: '0', validator_reward: '0', total_supply: '0', challenges_result: [],
      last_final_block: (final.height <= b.height ? final : b).hash, last_ds_final_block: (final.height <= b.height ? final : b).hash,
      next_bp_hash: '11111111111111111111111111111111', block_merkle_root: '11111111111111111111111111111111', epoch_sync_data_hash: null,
      approvals: [], signature: `ed25519:${baseEncode(new Uint8Array(64))}`, latest_protocol_version: 73,
    },
    chunks: [chunkHeaderJson(b)],
  };
}

export function chunkJson(b: Block): unknown {
  return { author: 'local', header: chunkHeaderJson(b), transactions: b.transactions.map(txJson), receipts: b.receipts.map(receiptJson) };
}
