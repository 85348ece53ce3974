/**
 * LiteSVM's transaction errors in the JSON shape Solana's RPC uses (`"BlockhashNotFound"`,
 * `{"InstructionError":[0,{"Custom":6000}]}`), which @solana/web3.js and Anchor read.
 */
import type { FailedTransactionMetadata } from 'litesvm';

const TX_ERRORS = [
  'AccountInUse',
  'AccountLoadedTwice',
  'AccountNotFound',
  'ProgramAccountNotFound',
  'InsufficientFundsForFee',
  'InvalidAccountForFee',
  'AlreadyProcessed',
  'BlockhashNotFound',
  'CallChainTooDeep',
  'MissingSignatureForFee',
  'InvalidAccountIndex',
  'SignatureFailure',
  'InvalidProgramForExecution',
  'SanitizeFailure',
  'ClusterMaintenance',
  'AccountBorrowOutstanding',
  'WouldExceedMaxBlockCostLimit',
  'UnsupportedVersion',
  'InvalidWritableAccount',
  'WouldExceedMaxAccountCostLimit',
  'WouldExceedAccountDataBlockLimit',
  'TooManyAccountLocks',
  'AddressLookupTableNotFound',
  'InvalidAddressLookupTableOwner',
  'InvalidAddressLookupTableData',
  'InvalidAddressLookupTableIndex',
  'InvalidRentPayingAccount',
  'WouldExceedMaxVoteCostLimit',
  'WouldExceedAccountDataTotalLimit',
  'MaxLoadedAccountsDataSizeExceeded',
  'ResanitizationNeeded',
  'InvalidLoadedAccountsDataSizeLimit',
  'UnbalancedTransaction',
  'ProgramCacheHitMaxLimit',
  'CommitCancelled',
];
const IX_ERRORS = [
  'GenericError',
  'InvalidArgument',
  'InvalidInstructionData',
  'InvalidAccountData',
  'AccountDataTooSmall',
  'InsufficientFunds',
  'IncorrectProgramId',
  'MissingRequiredSignature',
  'AccountAlreadyInitialized',
  'UninitializedAccount',
  'UnbalancedInstruction',
  'ModifiedProgramId',
  'ExternalAccountLamportSpend',
  'ExternalAccountDataModified',
  'ReadonlyLamportChange',
  'ReadonlyDataModified',
  'DuplicateAccountIndex',
  'ExecutableModified',
  'RentEpochModified',
  'NotEnoughAccountKeys',
  'AccountDataSizeChanged',
  'AccountNotExecutable',
  'AccountBorrowFailed',
  'AccountBorrowOutstanding',
  'DuplicateAccountOutOfSync',
  'InvalidError',
  'ExecutableDataModified',
  'ExecutableLamportChange',
  'ExecutableAccountNotRentExempt',
  'UnsupportedProgramId',
  'CallDepth',
  'MissingAccount',
  'ReentrancyNotAllowed',
  'MaxSeedLengthExceeded',
  'InvalidSeeds',
  'InvalidRealloc',
  'ComputationalBudgetExceeded',
  'PrivilegeEscalation',
  'ProgramEnvironmentSetupFailure',
  'ProgramFailedToComplete',
  'ProgramFailedToCompile',
  'Immutable',
  'IncorrectAuthority',
  'AccountNotRentExempt',
  'InvalidAccountOwner',
  'ArithmeticOverflow',
  'UnsupportedSysvar',
  'IllegalOwner',
  'MaxAccountsDataAllocationsExceeded',
  'MaxAccountsExceeded',
  'MaxInstructionTraceLengthExceeded',
  'BuiltinProgramsMustConsumeComputeUnits',
  'BorshIoError',
];

export type RpcTxError = string | Record<string, unknown>;

function instructionError(e: unknown): unknown {
  if (typeof e === 'number') return IX_ERRORS[e] ?? 'GenericError';
  const o = e as { code?: number; msg?: string };
  if (typeof o.code === 'number') return { Custom: o.code };
  return { BorshIoError: o.msg ?? '' };
}

export function toRpcError(failed: FailedTransactionMetadata): RpcTxError {
  const e = failed.err() as unknown;
  if (typeof e === 'number') return TX_ERRORS[e] ?? 'SanitizeFailure';
  const o = e as { index?: number; err?: () => unknown; accountIndex?: number };
  if (typeof o.err === 'function' && typeof o.index === 'number') return { InstructionError: [o.index, instructionError(o.err())] };
  if (typeof o.accountIndex === 'number') {
    const name = String(e).startsWith('ProgramExecutionTemporarilyRestricted') ? 'ProgramExecutionTemporarilyRestricted' : 'InsufficientFundsForRent';
    return { [name]: { account_index: o.accountIndex } };
  }
  if (typeof o.index === 'number') return { DuplicateInstruction: o.index };
  return String(e);
}

/** The message Solana's RPC puts in a failed preflight's error ("Error processing Instruction 0: ..."). */
export function describeError(err: RpcTxError, logs: string[]): string {
  const failedLine = logs.find((l) => / failed: /.test(l));
  if (typeof err === 'object' && 'InstructionError' in err) {
    const [index] = err.InstructionError as [number, unknown];
    return `Error processing Instruction ${index}: ${failedLine ? failedLine.replace(/^.* failed: /, '') : JSON.stringify(err)}`;
  }
  return typeof err === 'string' ? err : JSON.stringify(err);
}
