/**
 * Turns the promises a successful function call recorded into receipts: batches become action
 * receipts (sent next block), `then` dependencies become data ids wired from the dependency's
 * output to the callback's input, and yields become callback receipts postponed until their data
 * id is resumed or times out. Unused gas is shared among weighted function calls first.
 */
import type { ChainState } from './ChainState.ts';
import type { BlockCtx } from './executeReceipt.ts';
import type { Action, ActionReceipt } from './types.ts';
import type { VMOutcome } from '../vm/VMContext.ts';

export function materializePromises(
  state: ChainState,
  parent: ActionReceipt,
  accountId: string,
  run: VMOutcome,
  prepaidGas: bigint,
  blk: BlockCtx,
): ActionReceipt[] {
  distributeGasWeight(run, prepaidGas);
  const created: ActionReceipt[] = [];
  const base = (receiverId: string, actions: Action[]): ActionReceipt => ({
    kind: 'action',
    receiptId: state.newId(),
    predecessorId: accountId,
    receiverId,
    signerId: parent.signerId,
    signerPublicKey: parent.signerPublicKey,
    gasPrice: parent.gasPrice,
    outputDataReceivers: [],
    inputDataIds: [],
    actions,
    txHash: parent.txHash,
  });
  run.promises.forEach((p, i) => {
    if (p.kind === 'and') return;
    let receipt: ActionReceipt;
    if (p.kind === 'receipt') {
      receipt = base(p.receiverId, p.actions);
      for (const dep of p.after) {
        const from = created[dep];
        if (!from) continue;
        const dataId = state.newId();
        from.outputDataReceivers.push({ dataId, receiverId: receipt.receiverId });
        receipt.inputDataIds.push(dataId);
      }
      state.nextIncoming.push(receipt);
    } else {
      receipt = base(accountId, [{ type: 'FunctionCall', methodName: p.methodName, args: p.args, gas: p.gas, deposit: 0n }]);
      receipt.inputDataIds.push(p.dataId);
      receipt.isPromiseYield = true;
      state.yields.set(p.dataId, {
        accountId: accountId,
        callbackReceiptId: receipt.receiptId,
        expiresAt: blk.height + state.config.yieldTimeoutBlocks,
        open: true,
      });
      state.postponed.set(receipt.receiptId, receipt);
      state.waitingOnData.set(p.dataId, receipt.receiptId);
    }
    state.registerCreated(receipt);
    created[i] = receipt;
  });
  return created;
}

/** NEAR's gas weights: prepaid gas the call did not use goes to weighted calls, pro rata. */
function distributeGasWeight(run: VMOutcome, prepaidGas: bigint): void {
  const weighted: { gasWeight: bigint; add: (g: bigint) => void }[] = [];
  for (const p of run.promises) {
    if (p.kind === 'receipt') {
      for (const a of p.actions) {
        if (a.type === 'FunctionCall' && (a.gasWeight ?? 0n) > 0n)
          weighted.push({
            gasWeight: a.gasWeight ?? 0n,
            add: (g) => {
              a.gas += g;
            },
          });
      }
    } else if (p.kind === 'yield' && p.gasWeight > 0n) {
      weighted.push({
        gasWeight: p.gasWeight,
        add: (g) => {
          p.gas += g;
        },
      });
    }
  }
  const unused = prepaidGas - run.usedGas;
  const total = weighted.reduce((s, w) => s + w.gasWeight, 0n);
  if (unused <= 0n || total === 0n) return;
  let given = 0n;
  weighted.forEach((w, i) => {
    const share = i === weighted.length - 1 ? unused - given : (unused * w.gasWeight) / total;
    w.add(share);
    given += share;
  });
  run.usedGas += unused;
}
