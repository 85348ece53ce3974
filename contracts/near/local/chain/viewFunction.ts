/**
 * Read-only contract calls (`query call_function`): state changes, promises and signer data are
 * refused, as NEAR's view calls are. The method runs against the live account under a journal
 * that is always rolled back, so even a host function that forgot its view check could not leave
 * a change behind (without copying the account's whole storage per view).
 */
import { openJournal, restoreAccount } from './accountJournal.ts';
import type { ChainState } from './ChainState.ts';
import { loadModule } from './executeReceipt.ts';
import { runFunction } from '../vm/runFunction.ts';
import type { FunctionCallErrorJson } from '../vm/HostError.ts';
import type { VMContext } from '../vm/VMContext.ts';

export class ViewCallError extends Error {
  constructor(readonly json: FunctionCallErrorJson | { AccountDoesNotExist: { account_id: string } }) {
    super(`wasm execution failed with error: ${JSON.stringify(json)}`);
  }
}

export function viewFunction(state: ChainState, accountId: string, method: string, args: Uint8Array): { result: Uint8Array; logs: string[]; burntGas: bigint } {
  const acct = state.accounts.get(accountId);
  if (!acct) throw new ViewCallError({ AccountDoesNotExist: { account_id: accountId } });
  const mod = loadModule(state, acct);
  if (!mod) throw new ViewCallError({ CompilationError: { CodeDoesNotExist: { account_id: accountId } } });
  if ('error' in mod) throw new ViewCallError(mod.error ?? { ExecutionError: 'unknown' });
  const head = state.head;
  const ctx: VMContext = {
    currentAccountId: accountId,
    signerId: '',
    signerPublicKey: new Uint8Array(33),
    predecessorId: '',
    input: args,
    blockHeight: BigInt(head.height),
    blockTimestampNs: head.timestampNs,
    epochHeight: BigInt(Math.floor(head.height / 43_200) + 1),
    attachedDeposit: 0n,
    prepaidGas: state.protocol.maxGasBurnt,
    randomSeed: new Uint8Array(32),
    isView: true,
    promiseResults: [],
    account: acct,
    storageAmountPerByte: state.config.storageAmountPerByte,
    isYieldOpen: () => false,
    newDataId: () => new Uint8Array(32),
  };
  const journal = openJournal(acct);
  let out;
  try {
    out = runFunction(mod.module, acct.code?.length ?? 0, method, ctx, { gasLimit: state.protocol.maxGasBurnt, regularOpCost: state.protocol.regularOpCost });
  } finally {
    restoreAccount(journal);
  }
  if (out.error) throw new ViewCallError(out.error);
  return { result: out.returnData.kind === 'value' ? out.returnData.value : new Uint8Array(), logs: out.logs, burntGas: out.burntGas };
}
