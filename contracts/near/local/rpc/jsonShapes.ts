/**
 * Converts the local chain's records into the JSON shapes NEAR's RPC returns (nearcore's
 * `views.rs`): actions, execution outcomes, receipts and final outcomes (blocks and chunks are in
 * blockShapes.ts). Numbers that can exceed 2^53 (balances, tokens) are decimal strings, as on NEAR.
 */
import type { ChainState, TxRecord } from '../chain/ChainState.ts';
import type { SignedTxInfo } from '../chain/decodeTransaction.ts';
import type { Action, ExecutionOutcome, ExecutionStatus, Receipt } from '../chain/types.ts';

const b64 = (b: Uint8Array): string => Buffer.from(b).toString('base64');

export function actionJson(a: Action): unknown {
  switch (a.type) {
    case 'CreateAccount':
      return 'CreateAccount';
    case 'DeployContract':
      return { DeployContract: { code: b64(a.code) } };
    case 'FunctionCall':
      return { FunctionCall: { method_name: a.methodName, args: b64(a.args), gas: Number(a.gas), deposit: a.deposit.toString() } };
    case 'Transfer':
      return { Transfer: { deposit: a.deposit.toString() } };
    case 'Stake':
      return { Stake: { stake: a.stake.toString(), public_key: a.publicKey } };
    case 'AddKey': {
      const p = a.accessKey.permission;
      const permission =
        p.kind === 'full'
          ? 'FullAccess'
          : { FunctionCall: { allowance: p.allowance?.toString() ?? null, receiver_id: p.receiverId, method_names: p.methodNames } };
      return { AddKey: { public_key: a.publicKey, access_key: { nonce: Number(a.accessKey.nonce), permission } } };
    }
    case 'DeleteKey':
      return { DeleteKey: { public_key: a.publicKey } };
    case 'DeleteAccount':
      return { DeleteAccount: { beneficiary_id: a.beneficiaryId } };
  }
}

export function statusJson(s: ExecutionStatus): unknown {
  switch (s.kind) {
    case 'SuccessValue':
      return { SuccessValue: b64(s.value) };
    case 'SuccessReceiptId':
      return { SuccessReceiptId: s.receiptId };
    case 'Failure':
      return { Failure: s.error };
    case 'Unknown':
      return 'Unknown';
  }
}

export function outcomeWithIdJson(o: ExecutionOutcome): unknown {
  return {
    proof: [],
    block_hash: o.blockHash,
    id: o.id,
    outcome: {
      logs: o.logs,
      receipt_ids: o.receiptIds,
      gas_burnt: Number(o.gasBurnt),
      tokens_burnt: o.tokensBurnt.toString(),
      executor_id: o.executorId,
      status: statusJson(o.status),
      metadata: { version: 1, gas_profile: null },
    },
  };
}

export function txJson(t: SignedTxInfo): unknown {
  return {
    signer_id: t.signerId,
    public_key: t.publicKey,
    nonce: Number(t.nonce),
    receiver_id: t.receiverId,
    actions: t.actions.map(actionJson),
    priority_fee: 0,
    signature: t.signature,
    hash: t.hash,
  };
}

export function receiptJson(r: Receipt): unknown {
  if (r.kind === 'data') {
    return {
      predecessor_id: r.predecessorId,
      receiver_id: r.receiverId,
      receipt_id: r.receiptId,
      priority: 0,
      receipt: { Data: { data_id: r.dataId, data: r.data ? b64(r.data) : null, is_promise_resume: r.isPromiseResume ?? false } },
    };
  }
  return {
    predecessor_id: r.predecessorId,
    receiver_id: r.receiverId,
    receipt_id: r.receiptId,
    priority: 0,
    receipt: {
      Action: {
        signer_id: r.signerId,
        signer_public_key: r.signerPublicKey,
        gas_price: r.gasPrice.toString(),
        output_data_receivers: r.outputDataReceivers.map((d) => ({ data_id: d.dataId, receiver_id: d.receiverId })),
        input_data_ids: r.inputDataIds,
        actions: r.actions.map(actionJson),
        is_promise_yield: r.isPromiseYield ?? false,
      },
    },
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
  if (withReceipts)
    out['receipts'] = rec.receiptIds
      .map((id) => state.receipts.get(id))
      .filter((r): r is Receipt => !!r)
      .map(receiptJson);
  return out;
}
