/**
 * Checks a signed transaction against current state and converts it to its first receipt, as a
 * NEAR node does when it includes the transaction in a chunk: the signer pays the deposits and
 * the prepaid gas up front, the access key's nonce advances, and the receipt runs next block.
 */
import type { ChainState } from './ChainState.ts';
import { InvalidTxError, type SignedTxInfo } from './decodeTransaction.ts';
import type { BlockCtx } from './executeReceipt.ts';
import type { ActionReceipt, ExecutionOutcome } from './types.ts';
import { actionCost, GAS } from '../vm/gasCosts.ts';

export function validateTransaction(state: ChainState, tx: SignedTxInfo): void {
  if (!state.blocksByHash.has(tx.blockHash)) throw new InvalidTxError({ InvalidTxError: 'Expired' });
  const signer = state.accounts.get(tx.signerId);
  if (!signer) throw new InvalidTxError({ InvalidTxError: { SignerDoesNotExist: { signer_id: tx.signerId } } });
  const key = signer.keys.get(tx.publicKey);
  if (!key)
    throw new InvalidTxError({ InvalidTxError: { InvalidAccessKeyError: { AccessKeyNotFound: { account_id: tx.signerId, public_key: tx.publicKey } } } });
  if (tx.nonce <= key.nonce) throw new InvalidTxError({ InvalidTxError: { InvalidNonce: { tx_nonce: Number(tx.nonce), ak_nonce: Number(key.nonce) } } });
  if (key.permission.kind === 'function_call') {
    const p = key.permission;
    const only = tx.actions.length === 1 ? tx.actions[0] : undefined;
    if (!only || only.type !== 'FunctionCall' || only.deposit !== 0n)
      throw new InvalidTxError({ InvalidTxError: { InvalidAccessKeyError: 'RequiresFullAccess' } });
    if (tx.receiverId !== p.receiverId)
      throw new InvalidTxError({ InvalidTxError: { InvalidAccessKeyError: { ReceiverMismatch: { tx_receiver: tx.receiverId, ak_receiver: p.receiverId } } } });
    if (p.methodNames.length > 0 && !p.methodNames.includes(only.methodName))
      throw new InvalidTxError({ InvalidTxError: { InvalidAccessKeyError: { MethodNameMismatch: { method_name: only.methodName } } } });
  }
  const prepaid = tx.actions.reduce((g, a) => g + (a.type === 'FunctionCall' ? a.gas : 0n), 0n);
  const limit = state.protocol.maxTotalPrepaidGas;
  if (prepaid > limit)
    throw new InvalidTxError({
      InvalidTxError: { ActionsValidation: { TotalPrepaidGasExceeded: { total_prepaid_gas: Number(prepaid), limit: Number(limit) } } },
    });
  const cost = txCost(state, tx);
  if (signer.amount < cost)
    throw new InvalidTxError({ InvalidTxError: { NotEnoughBalance: { signer_id: tx.signerId, balance: signer.amount.toString(), cost: cost.toString() } } });
  if (signer.amount - cost + signer.locked < state.storageRequirement(signer)) {
    throw new InvalidTxError({
      InvalidTxError: { LackBalanceForState: { signer_id: tx.signerId, amount: (state.storageRequirement(signer) - signer.amount + cost).toString() } },
    });
  }
}

function burntAtConversion(tx: SignedTxInfo): bigint {
  return GAS.actionReceiptCreation + tx.actions.reduce((g, a) => g + actionCost(a), 0n);
}

function txCost(state: ChainState, tx: SignedTxInfo): bigint {
  let deposits = 0n;
  let prepaid = 0n;
  for (const a of tx.actions) {
    if (a.type === 'Transfer') deposits += a.deposit;
    if (a.type === 'FunctionCall') {
      deposits += a.deposit;
      prepaid += a.gas;
    }
  }
  return deposits + (prepaid + burntAtConversion(tx)) * state.config.gasPrice;
}

/** Applies the transaction at block `blk`; throws InvalidTxError when it is no longer valid. */
export function convertTransaction(state: ChainState, tx: SignedTxInfo, blk: BlockCtx): { receipt: ActionReceipt; outcome: ExecutionOutcome } {
  validateTransaction(state, tx);
  const signer = state.accounts.get(tx.signerId);
  const key = signer?.keys.get(tx.publicKey);
  if (!signer || !key) throw new InvalidTxError({ InvalidTxError: 'InvalidSigner' });
  signer.amount -= txCost(state, tx);
  key.nonce = tx.nonce;
  const burnt = burntAtConversion(tx);
  const receipt: ActionReceipt = {
    kind: 'action',
    receiptId: state.newId(),
    predecessorId: tx.signerId,
    receiverId: tx.receiverId,
    signerId: tx.signerId,
    signerPublicKey: tx.publicKey,
    gasPrice: state.config.gasPrice,
    outputDataReceivers: [],
    inputDataIds: [],
    actions: tx.actions,
    txHash: tx.hash,
  };
  const outcome: ExecutionOutcome = {
    id: tx.hash,
    blockHash: blk.hash,
    blockHeight: blk.height,
    logs: [],
    receiptIds: [receipt.receiptId],
    gasBurnt: burnt,
    tokensBurnt: burnt * state.config.gasPrice,
    executorId: tx.signerId,
    status: { kind: 'SuccessReceiptId', receiptId: receipt.receiptId },
  };
  return { receipt, outcome };
}
