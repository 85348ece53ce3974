/**
 * The local chain's state and receipt model, mirroring nearcore's: accounts with balances, code,
 * a key-value trie and access keys; action receipts (possibly waiting for input data) and data
 * receipts; execution outcomes per transaction and receipt.
 */
export type AccessKeyPermission = { kind: 'full' } | { kind: 'function_call'; allowance: bigint | null; receiverId: string; methodNames: string[] };

export interface AccessKeyState {
  nonce: bigint;
  permission: AccessKeyPermission;
}

export interface AccountState {
  id: string;
  amount: bigint;
  locked: bigint;
  code: Uint8Array | null;
  /** base58 sha256 of the code; 32 zero bytes in base58 when there is none (as NEAR). */
  codeHash: string;
  /** Contract storage, keyed by the hex of the key bytes. */
  storage: Map<string, Uint8Array>;
  /** Access keys keyed by `ed25519:<base58>`. */
  keys: Map<string, AccessKeyState>;
  storageUsage: bigint;
}

export type Action =
  | { type: 'CreateAccount' }
  | { type: 'DeployContract'; code: Uint8Array }
  | { type: 'FunctionCall'; methodName: string; args: Uint8Array; gas: bigint; deposit: bigint; gasWeight?: bigint }
  | { type: 'Transfer'; deposit: bigint }
  | { type: 'Stake'; stake: bigint; publicKey: string }
  | { type: 'AddKey'; publicKey: string; accessKey: AccessKeyState }
  | { type: 'DeleteKey'; publicKey: string }
  | { type: 'DeleteAccount'; beneficiaryId: string };

export interface DataReceiver {
  dataId: string;
  receiverId: string;
}

export interface ActionReceipt {
  kind: 'action';
  receiptId: string;
  predecessorId: string;
  receiverId: string;
  signerId: string;
  /** `ed25519:<base58>` */
  signerPublicKey: string;
  gasPrice: bigint;
  outputDataReceivers: DataReceiver[];
  inputDataIds: string[];
  actions: Action[];
  /** Hash of the transaction whose tree this receipt belongs to. */
  txHash: string;
  isPromiseYield?: boolean;
}

export interface DataReceipt {
  kind: 'data';
  receiptId: string;
  predecessorId: string;
  receiverId: string;
  dataId: string;
  /** null: the promise failed (or a yield timed out). */
  data: Uint8Array | null;
  txHash: string;
  isPromiseResume?: boolean;
}

export type Receipt = ActionReceipt | DataReceipt;

export type ExecutionStatus =
  { kind: 'SuccessValue'; value: Uint8Array } | { kind: 'SuccessReceiptId'; receiptId: string } | { kind: 'Failure'; error: unknown } | { kind: 'Unknown' };

export interface ExecutionOutcome {
  id: string;
  blockHash: string;
  blockHeight: number;
  logs: string[];
  receiptIds: string[];
  gasBurnt: bigint;
  tokensBurnt: bigint;
  executorId: string;
  status: ExecutionStatus;
}
