/**
 * Rolling back one account to where it was before a receipt (or a view call) without copying it:
 * the scalar fields and the (few) access keys are remembered, and contract storage writes record
 * the value they replace the first time they touch a key. A contract's storage holds every
 * request it ever stored, so copying it whole per receipt grew with the chain's age (it was a
 * visible share of the local chain's profile); the journal costs only what the receipt changes.
 * Only storage writes made through setStorage/deleteStorage are journaled: the VM's storage host
 * functions use them, and nothing else writes an account's storage while a journal is open.
 */
import type { AccessKeyState, AccountState } from './types.ts';

export interface AccountSnapshot {
  readonly account: AccountState;
  readonly amount: bigint;
  readonly locked: bigint;
  readonly code: Uint8Array | null;
  readonly codeHash: string;
  readonly storageUsage: bigint;
  readonly keys: Map<string, AccessKeyState>;
  /** Storage keys the receipt changed and their values before it (undefined: absent). */
  readonly storageUndo: Map<string, Uint8Array | undefined>;
}

const journals = new WeakMap<AccountState, Map<string, Uint8Array | undefined>>();

/** Starts journaling `account`; restoreAccount or closeJournal ends it. */
export function openJournal(account: AccountState): AccountSnapshot {
  const storageUndo = new Map<string, Uint8Array | undefined>();
  journals.set(account, storageUndo);
  // Key objects are replaced, never mutated, while a receipt runs (AddKey/DeleteKey): a shallow copy suffices.
  return {
    account,
    amount: account.amount,
    locked: account.locked,
    code: account.code,
    codeHash: account.codeHash,
    storageUsage: account.storageUsage,
    keys: new Map(account.keys),
    storageUndo,
  };
}

/** Puts the account back as it was when the journal opened, and ends the journal. */
export function restoreAccount(s: AccountSnapshot): void {
  const a = s.account;
  for (const [k, v] of s.storageUndo) {
    if (v === undefined) a.storage.delete(k);
    else a.storage.set(k, v);
  }
  a.amount = s.amount;
  a.locked = s.locked;
  a.code = s.code;
  a.codeHash = s.codeHash;
  a.storageUsage = s.storageUsage;
  a.keys = s.keys;
  closeJournal(s);
}

/** Keeps the account's changes and ends the journal. */
export function closeJournal(s: AccountSnapshot): void {
  if (journals.get(s.account) === s.storageUndo) journals.delete(s.account);
}

function remember(account: AccountState, key: string): void {
  const undo = journals.get(account);
  if (undo && !undo.has(key)) undo.set(key, account.storage.get(key));
}

export function setStorage(account: AccountState, key: string, value: Uint8Array): void {
  remember(account, key);
  account.storage.set(key, value);
}

export function deleteStorage(account: AccountState, key: string): void {
  remember(account, key);
  account.storage.delete(key);
}
