/**
 * What one contract function call sees (the NEAR VMContext) and what it produces (VMOutcome).
 * The account state is mutated in place; the chain snapshots it beforehand and restores it if the
 * receipt fails.
 */
import type { AccountState, Action } from '../chain/types.ts';
import type { FunctionCallErrorJson } from './HostError.ts';

export interface VMContext {
  currentAccountId: string;
  signerId: string;
  /** Borsh PublicKey: key type byte (0 = ed25519) followed by the key. */
  signerPublicKey: Uint8Array;
  predecessorId: string;
  input: Uint8Array;
  blockHeight: bigint;
  blockTimestampNs: bigint;
  epochHeight: bigint;
  attachedDeposit: bigint;
  prepaidGas: bigint;
  randomSeed: Uint8Array;
  /** View calls: no state changes, no promises, no signer/predecessor. */
  isView: boolean;
  /** One entry per input data dependency: bytes when it succeeded, null when it failed. */
  promiseResults: (Uint8Array | null)[];
  account: AccountState;
  storageAmountPerByte: bigint;
  /** Whether `dataId` is an open (created, committed, not resumed, not timed out) yield of `accountId`. */
  isYieldOpen(dataId: string, accountId: string): boolean;
  /** A fresh, unique data id (32 bytes). */
  newDataId(): Uint8Array;
}

export type VMPromise =
  | { kind: 'receipt'; receiverId: string; actions: Action[]; after: number[] }
  | { kind: 'and'; members: number[] }
  | { kind: 'yield'; methodName: string; args: Uint8Array; gas: bigint; gasWeight: bigint; dataId: string };

export type ReturnData = { kind: 'none' } | { kind: 'value'; value: Uint8Array } | { kind: 'promise'; index: number };

export interface VMOutcome {
  returnData: ReturnData;
  logs: string[];
  burntGas: bigint;
  usedGas: bigint;
  promises: VMPromise[];
  yieldResumes: { dataId: string; payload: Uint8Array }[];
  error: FunctionCallErrorJson | null;
}
