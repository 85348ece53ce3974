/**
 * Executes one action receipt whose input data is all present, as nearcore's runtime does: the
 * actions apply in order to the receiver; the first failure rolls the receiver back to its state
 * before the receipt, refunds attached deposits to the predecessor and sends failed results to
 * whoever waits on this receipt. Unused gas is refunded to the signer. Storage must stay paid.
 */
import { hash } from 'node:crypto';
import { closeJournal, openJournal, restoreAccount, type AccountSnapshot } from './accountJournal.ts';
import { accessKeyStorageBytes, type ChainState, newAccount, sha256Base58 } from './ChainState.ts';
import { materializePromises } from './materializePromises.ts';
import { prepareContract } from './prepareContract.ts';
import type { AccountState, Action, ActionReceipt, ExecutionOutcome, ExecutionStatus } from './types.ts';
import { publicKeyToBorsh } from '../vm/bytes.ts';
import { compileContract } from '../vm/compileContract.ts';
import { runFunction } from '../vm/runFunction.ts';
import type { VMOutcome } from '../vm/VMContext.ts';
import type { WasmModule } from '../vm/wasmApi.ts';

export interface BlockCtx {
  height: number;
  hash: string;
  /** The block hash's 32 bytes (seeds contracts' random_seed). */
  hashBytes: Uint8Array;
  timestampNs: bigint;
}

class ActionFailure extends Error {
  constructor(readonly json: Record<string, unknown>) {
    super(JSON.stringify(json));
  }
}

const actionError = (index: number, kind: unknown): ActionFailure => new ActionFailure({ ActionError: { index, kind } });

export function executeActionReceipt(state: ChainState, r: ActionReceipt, blk: BlockCtx): ExecutionOutcome {
  const before = state.accounts.get(r.receiverId);
  const snapshot = before ? openJournal(before) : null;
  const promiseResults = r.inputDataIds.map((id) => state.dataStore.get(id) ?? null);
  const logs: string[] = [];
  let burnt = 0n;
  let used = 0n;
  let lastRun: VMOutcome | null = null;
  let status: ExecutionStatus;
  const prepaid = r.actions.reduce((g, a) => g + (a.type === 'FunctionCall' ? a.gas : 0n), 0n);
  const created: ActionReceipt[] = [];
  const runs: { run: VMOutcome; gas: bigint }[] = [];
  const afterSuccess: (() => void)[] = [];
  try {
    r.actions.forEach((action, index) => {
      lastRun = null;
      const run = applyAction(state, r, action, index, blk, promiseResults, afterSuccess);
      if (!run) return;
      logs.push(...run.logs);
      burnt += run.burntGas;
      used += run.usedGas;
      if (run.error) throw actionError(index, { FunctionCallError: run.error });
      lastRun = run;
      runs.push({ run, gas: action.type === 'FunctionCall' ? action.gas : 0n });
    });
    const acct = state.accounts.get(r.receiverId);
    if (acct && acct.amount + acct.locked < state.storageRequirement(acct)) {
      throw actionError(r.actions.length - 1, {
        LackBalanceForState: { account_id: r.receiverId, amount: (state.storageRequirement(acct) - acct.amount - acct.locked).toString() },
      });
    }
    for (const f of afterSuccess) f();
    runs.forEach(({ run, gas }, i) => {
      const made = materializePromises(state, r, r.receiverId, run, gas, blk);
      if (i === runs.length - 1) created.push(...made);
    });
    used = runs.reduce((u, x) => u + x.run.usedGas, 0n);
    status = finishSuccess(state, r, lastRun, created);
  } catch (e) {
    if (!(e instanceof ActionFailure)) throw e;
    rollBack(state, r, snapshot);
    used = burnt;
    status = { kind: 'Failure', error: e.json };
    failOutputs(state, r);
    refundDeposits(state, r);
  } finally {
    if (snapshot) closeJournal(snapshot);
  }
  refundGas(state, r, prepaid - used);
  const outcome: ExecutionOutcome = {
    id: r.receiptId,
    blockHash: blk.hash,
    blockHeight: blk.height,
    logs,
    receiptIds: [],
    gasBurnt: burnt,
    tokensBurnt: burnt * r.gasPrice,
    executorId: r.receiverId,
    status,
  };
  return outcome;
}

function applyAction(
  state: ChainState,
  r: ActionReceipt,
  a: Action,
  index: number,
  blk: BlockCtx,
  promiseResults: (Uint8Array | null)[],
  afterSuccess: (() => void)[],
): VMOutcome | null {
  const acct = state.accounts.get(r.receiverId);
  if (a.type === 'CreateAccount') {
    if (acct) throw actionError(index, { AccountAlreadyExists: { account_id: r.receiverId } });
    state.accounts.set(r.receiverId, newAccount(r.receiverId, 0n));
    return null;
  }
  if (!acct) throw actionError(index, { AccountDoesNotExist: { account_id: r.receiverId } });
  switch (a.type) {
    case 'Transfer':
      acct.amount += a.deposit;
      return null;
    case 'DeployContract':
      prepareAtDeploy(state, a.code, index);
      acct.storageUsage += BigInt(a.code.length - (acct.code?.length ?? 0));
      acct.code = a.code;
      acct.codeHash = sha256Base58(a.code);
      return null;
    case 'AddKey':
      if (acct.keys.has(a.publicKey)) throw actionError(index, { AddKeyAlreadyExists: { account_id: r.receiverId, public_key: a.publicKey } });
      acct.keys.set(a.publicKey, { ...a.accessKey, nonce: BigInt(blk.height) * 1_000_000n });
      acct.storageUsage += accessKeyStorageBytes(32, a.accessKey);
      return null;
    case 'DeleteKey': {
      const key = acct.keys.get(a.publicKey);
      if (!key) throw actionError(index, { DeleteKeyDoesNotExist: { account_id: r.receiverId, public_key: a.publicKey } });
      acct.keys.delete(a.publicKey);
      acct.storageUsage -= accessKeyStorageBytes(32, key);
      return null;
    }
    case 'DeleteAccount': {
      const amount = acct.amount;
      state.accounts.delete(r.receiverId);
      if (amount > 0n) afterSuccess.push(() => state.nextIncoming.push(systemTransfer(state, r, a.beneficiaryId, amount)));
      return null;
    }
    case 'Stake':
      throw actionError(index, { FunctionCallError: { ExecutionError: 'staking is not supported by the local chain' } });
    case 'FunctionCall':
      acct.amount += a.deposit;
      return runContract(state, r, acct, a, blk, promiseResults);
  }
}

function runContract(
  state: ChainState,
  r: ActionReceipt,
  acct: AccountState,
  a: Extract<Action, { type: 'FunctionCall' }>,
  blk: BlockCtx,
  promiseResults: (Uint8Array | null)[],
): VMOutcome {
  const mod = loadModule(state, acct);
  if (!mod) {
    return {
      returnData: { kind: 'none' },
      logs: [],
      burntGas: 0n,
      usedGas: 0n,
      promises: [],
      yieldResumes: [],
      error: { CompilationError: { CodeDoesNotExist: { account_id: acct.id } } },
    };
  }
  if ('error' in mod) return { returnData: { kind: 'none' }, logs: [], burntGas: 0n, usedGas: 0n, promises: [], yieldResumes: [], error: mod.error };
  return runFunction(
    mod.module,
    acct.code?.length ?? 0,
    a.methodName,
    {
      currentAccountId: r.receiverId,
      signerId: r.signerId,
      signerPublicKey: signerKeyBorsh(r.signerPublicKey),
      predecessorId: r.predecessorId,
      input: a.args,
      blockHeight: BigInt(blk.height),
      blockTimestampNs: blk.timestampNs,
      epochHeight: BigInt(Math.floor(blk.height / 43_200) + 1),
      attachedDeposit: a.deposit,
      prepaidGas: a.gas,
      randomSeed: hash('sha256', Buffer.concat([blk.hashBytes, Buffer.from(r.receiptId)]), 'buffer'),
      isView: false,
      promiseResults,
      account: acct,
      storageAmountPerByte: state.config.storageAmountPerByte,
      isYieldOpen: (dataId, accountId) => {
        const y = state.yields.get(dataId);
        return !!y && y.open && y.accountId === accountId;
      },
      newDataId: () => state.newIdBytes(),
    },
    { gasLimit: state.protocol.maxGasBurnt, regularOpCost: state.protocol.regularOpCost },
  );
}

/** Compiles (once per code hash) the account's contract; null when it has none. */
export function loadModule(state: ChainState, acct: AccountState): { module: WasmModule } | { error: VMOutcome['error'] } | null {
  if (!acct.code) return null;
  const cached = state.modules.get(acct.codeHash);
  if (cached) return { module: cached };
  try {
    const module = compileContract(acct.code, state.protocol.maxStackHeight);
    state.modules.set(acct.codeHash, module);
    return { module };
  } catch (e) {
    return { error: { CompilationError: { PrepareError: e instanceof Error ? e.message : String(e) } } };
  }
}

function prepareAtDeploy(state: ChainState, code: Uint8Array, index: number): void {
  const refused = prepareContract(state, code);
  if (refused) throw actionError(index, { FunctionCallError: { CompilationError: { PrepareError: 'Deserialization' } }, detail: refused });
}

function finishSuccess(state: ChainState, r: ActionReceipt, run: VMOutcome | null, created: ActionReceipt[]): ExecutionStatus {
  for (const res of run?.yieldResumes ?? []) {
    const y = state.yields.get(res.dataId);
    if (!y) continue;
    state.yields.delete(res.dataId);
    state.nextIncoming.push({
      kind: 'data',
      receiptId: state.newId(),
      predecessorId: r.receiverId,
      receiverId: y.accountId,
      dataId: res.dataId,
      data: res.payload,
      txHash: r.txHash,
      isPromiseResume: true,
    });
  }
  const rd = run?.returnData ?? { kind: 'none' as const };
  if (rd.kind === 'promise') {
    const target = created[rd.index];
    if (target) {
      target.outputDataReceivers.push(...r.outputDataReceivers);
      return { kind: 'SuccessReceiptId', receiptId: target.receiptId };
    }
  }
  const value = rd.kind === 'value' ? rd.value : new Uint8Array();
  for (const out of r.outputDataReceivers) {
    state.nextIncoming.push({
      kind: 'data',
      receiptId: state.newId(),
      predecessorId: r.receiverId,
      receiverId: out.receiverId,
      dataId: out.dataId,
      data: value,
      txHash: r.txHash,
    });
  }
  return { kind: 'SuccessValue', value };
}

function rollBack(state: ChainState, r: ActionReceipt, snapshot: AccountSnapshot | null): void {
  if (!snapshot) {
    state.accounts.delete(r.receiverId);
    return;
  }
  restoreAccount(snapshot);
  state.accounts.set(r.receiverId, snapshot.account);
}

/** Borsh public keys of signers, by their `ed25519:` string: a handful of signers sign nearly everything. */
const signerKeys = new Map<string, Uint8Array>();
function signerKeyBorsh(publicKey: string): Uint8Array {
  let key = signerKeys.get(publicKey);
  if (!key) {
    if (signerKeys.size >= 4096) signerKeys.clear();
    key = publicKeyToBorsh(publicKey);
    signerKeys.set(publicKey, key);
  }
  return key;
}

function failOutputs(state: ChainState, r: ActionReceipt): void {
  for (const out of r.outputDataReceivers) {
    state.nextIncoming.push({
      kind: 'data',
      receiptId: state.newId(),
      predecessorId: r.receiverId,
      receiverId: out.receiverId,
      dataId: out.dataId,
      data: null,
      txHash: r.txHash,
    });
  }
}

function refundDeposits(state: ChainState, r: ActionReceipt): void {
  if (r.predecessorId === 'system') return;
  const total = r.actions.reduce((s, a) => s + (a.type === 'Transfer' || a.type === 'FunctionCall' ? a.deposit : 0n), 0n);
  if (total > 0n) state.nextIncoming.push(systemTransfer(state, r, r.predecessorId, total));
}

function refundGas(state: ChainState, r: ActionReceipt, unusedGas: bigint): void {
  if (r.predecessorId === 'system' || unusedGas <= 0n || r.gasPrice === 0n) return;
  state.nextIncoming.push(systemTransfer(state, r, r.signerId, unusedGas * r.gasPrice));
}

/** A refund or balance transfer from the protocol itself (predecessor `system`, free of gas). */
function systemTransfer(state: ChainState, r: ActionReceipt, to: string, amount: bigint): ActionReceipt {
  const receipt: ActionReceipt = {
    kind: 'action',
    receiptId: state.newId(),
    predecessorId: 'system',
    receiverId: to,
    signerId: 'system',
    signerPublicKey: r.signerPublicKey,
    gasPrice: 0n,
    outputDataReceivers: [],
    inputDataIds: [],
    actions: [{ type: 'Transfer', deposit: amount }],
    txHash: r.txHash,
  };
  state.registerCreated(receipt);
  return receipt;
}
