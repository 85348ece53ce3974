/**
 * Promise host functions: batches of actions to other accounts, `then` callbacks, joins, results
 * of dependencies, `promise_return`, and yield/resume. Promises are only recorded here; the chain
 * turns them into receipts if the call succeeds.
 */
import { base58Encode } from '../../chain/base58.ts';
import { isValidAccountId } from '../../chain/accountId.ts';
import { MAX_YIELD_PAYLOAD } from '../../chain/config.ts';
import type { AccessKeyState, Action } from '../../chain/types.ts';
import { actionCost, GAS } from '../gasCosts.ts';
import { HostError } from '../HostError.ts';
import type { HostState } from '../HostState.ts';
import { bytesToU128, publicKeyFromBorsh } from '../bytes.ts';

export function promiseImports(s: HostState): Record<string, (...args: never[]) => unknown> {
  const accountId = (len: bigint, ptr: bigint): string => {
    const id = s.readUtf8(len, ptr);
    if (!isValidAccountId(id)) throw HostError.execution(`InvalidAccountId { account_id: "${id}" }`);
    return id;
  };
  const amount = (ptr: bigint): bigint => bytesToU128(s.readMemory(ptr, 16n));
  const newBatch = (receiverId: string, after: number[]): bigint => {
    s.forbidInView('promise_batch_create');
    s.burn(GAS.actionReceiptCreation);
    s.promises.push({ kind: 'receipt', receiverId, actions: [], after });
    return BigInt(s.promises.length - 1);
  };
  const addAction = (idx: bigint, action: Action): void => {
    s.forbidInView('promise_batch_action');
    const p = s.receiptPromise(idx);
    s.burn(actionCost(action));
    if (action.type === 'FunctionCall') s.use(action.gas);
    if (action.type === 'Transfer' || action.type === 'FunctionCall') s.deductBalance(action.deposit);
    p.actions.push(action);
  };
  const functionCall = (idx: bigint, nLen: bigint, nPtr: bigint, aLen: bigint, aPtr: bigint, amtPtr: bigint, gas: bigint, gasWeight = 0n): void => {
    const methodName = s.readUtf8(nLen, nPtr);
    const args = s.readBytes(aLen, aPtr);
    addAction(idx, { type: 'FunctionCall', methodName, args, deposit: amount(amtPtr), gas, gasWeight });
  };
  const expandAnd = (idx: number): number[] => {
    const p = s.promise(BigInt(idx));
    return p.kind === 'and' ? p.members.flatMap(expandAnd) : [idx];
  };
  const addKey = (idx: bigint, pkLen: bigint, pkPtr: bigint, accessKey: AccessKeyState): void => {
    addAction(idx, { type: 'AddKey', publicKey: publicKeyFromBorsh(s.readBytes(pkLen, pkPtr)), accessKey });
  };
  return {
    promise_create: (aLen: bigint, aPtr: bigint, nLen: bigint, nPtr: bigint, gLen: bigint, gPtr: bigint, amtPtr: bigint, gas: bigint): bigint => {
      s.burn(GAS.base);
      const idx = newBatch(accountId(aLen, aPtr), []);
      functionCall(idx, nLen, nPtr, gLen, gPtr, amtPtr, gas);
      return idx;
    },
    promise_then: (prev: bigint, aLen: bigint, aPtr: bigint, nLen: bigint, nPtr: bigint, gLen: bigint, gPtr: bigint, amtPtr: bigint, gas: bigint): bigint => {
      s.burn(GAS.base);
      s.promise(prev);
      const after = expandAnd(Number(prev));
      const idx = newBatch(accountId(aLen, aPtr), after);
      functionCall(idx, nLen, nPtr, gLen, gPtr, amtPtr, gas);
      return idx;
    },
    promise_and: (idsPtr: bigint, count: bigint): bigint => {
      s.burn(GAS.base + GAS.promiseAndBase + GAS.promiseAndPerPromise * count);
      s.forbidInView('promise_and');
      const raw = s.readMemory(idsPtr, count * 8n);
      const view = new DataView(raw.buffer);
      const members: number[] = [];
      for (let i = 0; i < Number(count); i++) {
        const m = view.getBigUint64(i * 8, true);
        s.promise(m);
        members.push(Number(m));
      }
      s.promises.push({ kind: 'and', members });
      return BigInt(s.promises.length - 1);
    },
    promise_batch_create: (aLen: bigint, aPtr: bigint): bigint => {
      s.burn(GAS.base);
      return newBatch(accountId(aLen, aPtr), []);
    },
    promise_batch_then: (prev: bigint, aLen: bigint, aPtr: bigint): bigint => {
      s.burn(GAS.base);
      s.promise(prev);
      return newBatch(accountId(aLen, aPtr), expandAnd(Number(prev)));
    },
    promise_batch_action_create_account: (idx: bigint): void => {
      s.burn(GAS.base);
      addAction(idx, { type: 'CreateAccount' });
    },
    promise_batch_action_deploy_contract: (idx: bigint, len: bigint, ptr: bigint): void => {
      s.burn(GAS.base);
      addAction(idx, { type: 'DeployContract', code: s.readBytes(len, ptr) });
    },
    promise_batch_action_function_call: (idx: bigint, nLen: bigint, nPtr: bigint, aLen: bigint, aPtr: bigint, amtPtr: bigint, gas: bigint): void => {
      s.burn(GAS.base);
      functionCall(idx, nLen, nPtr, aLen, aPtr, amtPtr, gas);
    },
    promise_batch_action_function_call_weight: (
      idx: bigint,
      nLen: bigint,
      nPtr: bigint,
      aLen: bigint,
      aPtr: bigint,
      amtPtr: bigint,
      gas: bigint,
      weight: bigint,
    ): void => {
      s.burn(GAS.base);
      functionCall(idx, nLen, nPtr, aLen, aPtr, amtPtr, gas, weight);
    },
    promise_batch_action_transfer: (idx: bigint, amtPtr: bigint): void => {
      s.burn(GAS.base);
      addAction(idx, { type: 'Transfer', deposit: amount(amtPtr) });
    },
    promise_batch_action_stake: (idx: bigint, amtPtr: bigint, pkLen: bigint, pkPtr: bigint): void => {
      s.burn(GAS.base);
      addAction(idx, { type: 'Stake', stake: amount(amtPtr), publicKey: publicKeyFromBorsh(s.readBytes(pkLen, pkPtr)) });
    },
    promise_batch_action_add_key_with_full_access: (idx: bigint, pkLen: bigint, pkPtr: bigint, nonce: bigint): void => {
      s.burn(GAS.base);
      addKey(idx, pkLen, pkPtr, { nonce, permission: { kind: 'full' } });
    },
    promise_batch_action_add_key_with_function_call: (
      idx: bigint,
      pkLen: bigint,
      pkPtr: bigint,
      nonce: bigint,
      allowancePtr: bigint,
      rLen: bigint,
      rPtr: bigint,
      mLen: bigint,
      mPtr: bigint,
    ): void => {
      s.burn(GAS.base);
      const allowance = amount(allowancePtr);
      const receiverId = accountId(rLen, rPtr);
      const names = s.readUtf8(mLen, mPtr);
      addKey(idx, pkLen, pkPtr, {
        nonce,
        permission: { kind: 'function_call', allowance: allowance === 0n ? null : allowance, receiverId, methodNames: names ? names.split(',') : [] },
      });
    },
    promise_batch_action_delete_key: (idx: bigint, pkLen: bigint, pkPtr: bigint): void => {
      s.burn(GAS.base);
      addAction(idx, { type: 'DeleteKey', publicKey: publicKeyFromBorsh(s.readBytes(pkLen, pkPtr)) });
    },
    promise_batch_action_delete_account: (idx: bigint, bLen: bigint, bPtr: bigint): void => {
      s.burn(GAS.base);
      addAction(idx, { type: 'DeleteAccount', beneficiaryId: accountId(bLen, bPtr) });
    },
    promise_results_count: (): bigint => {
      s.burn(GAS.base);
      s.forbidInView('promise_results_count');
      return BigInt(s.ctx.promiseResults.length);
    },
    promise_result: (i: bigint, reg: bigint): bigint => {
      s.burn(GAS.base);
      s.forbidInView('promise_result');
      if (i < 0n || i >= BigInt(s.ctx.promiseResults.length)) throw HostError.execution(`InvalidPromiseResultIndex { result_idx: ${i} }`);
      const r = s.ctx.promiseResults[Number(i)];
      if (r === null || r === undefined) return 2n;
      s.setRegister(reg, r);
      return 1n;
    },
    promise_return: (idx: bigint): void => {
      s.burn(GAS.base + GAS.promiseReturn);
      s.forbidInView('promise_return');
      const p = s.promise(idx);
      if (p.kind === 'and') throw HostError.execution('CannotReturnJointPromise');
      s.returnData = { kind: 'promise', index: Number(idx) };
    },
    promise_yield_create: (nLen: bigint, nPtr: bigint, aLen: bigint, aPtr: bigint, gas: bigint, gasWeight: bigint, reg: bigint): bigint => {
      s.burn(GAS.base + GAS.yieldCreateBase);
      s.forbidInView('promise_yield_create');
      const methodName = s.readUtf8(nLen, nPtr);
      const args = s.readBytes(aLen, aPtr);
      // The yield's callback is a receipt to the contract itself: receipt and function-call fees
      // at the same-account (sir) rate, plus yield_create_byte for its method name and arguments.
      const bytes = BigInt(methodName.length + args.length);
      s.burn(GAS.yieldCreateByte * bytes + GAS.actionReceiptCreation + GAS.functionCallBaseSir + GAS.functionCallByteSir * bytes);
      s.use(gas);
      const dataIdBytes = s.ctx.newDataId();
      s.promises.push({ kind: 'yield', methodName, args, gas, gasWeight, dataId: base58Encode(dataIdBytes) });
      s.setRegister(reg, dataIdBytes);
      return BigInt(s.promises.length - 1);
    },
    promise_yield_resume: (dLen: bigint, dPtr: bigint, pLen: bigint, pPtr: bigint): number => {
      s.burn(GAS.base + GAS.yieldResumeBase);
      s.forbidInView('promise_yield_resume');
      const dataIdBytes = s.readBytes(dLen, dPtr);
      const payload = s.readBytes(pLen, pPtr);
      if (payload.length > MAX_YIELD_PAYLOAD) throw HostError.execution(`YieldPayloadLength { length: ${payload.length}, limit: ${MAX_YIELD_PAYLOAD} }`);
      s.burn(GAS.yieldResumeByte * BigInt(payload.length));
      if (dataIdBytes.length !== 32) throw HostError.execution('DataIdMalformed');
      const dataId = base58Encode(dataIdBytes);
      if (!s.ctx.isYieldOpen(dataId, s.ctx.currentAccountId)) return 0;
      if (s.yieldResumes.some((r) => r.dataId === dataId)) return 0;
      s.yieldResumes.push({ dataId, payload });
      return 1;
    },
  };
}
