/**
 * The client's view of the program's arguments and accounts (amounts and counters as bigint,
 * keys as PublicKey). Field meanings are the NEAR contract's (contracts/near/API.md) in lamports
 * and slots; see contracts/solana/README.md.
 */
import type { PublicKey } from '@solana/web3.js';
import type { HttpCapability } from '../../../common/types/http.ts';

export type { HttpCapability };

export interface Pricing {
  baseFee: bigint;
  perMillionInstructions: bigint;
  perMs: bigint;
  perCompileMs: bigint;
  /** Lamports per HTTP request and per KiB (rounded up) of response bodies, for requests with the
   * `http` capability (the NEAR contract's per_http_request, per_http_kib). */
  perHttpRequest: bigint;
  perHttpKib: bigint;
}
export interface Limits {
  maxInstructions: bigint;
  maxMemoryMb: bigint;
  maxExecutionMs: bigint;
  maxCompileMs: bigint;
}
export interface ConfigArgs {
  owner: PublicKey;
  pricing: Pricing;
  maxLimits: Limits;
  minStake: bigint;
  unbondingPeriodSlots: bigint;
  timeoutSlots: bigint;
  protocolFeeBps: number;
  maxInputBytes: number;
  maxOutputBytes: number;
}
export interface ConfigView extends ConfigArgs {
  nextRequestId: bigint;
  feesCollected: bigint;
}

export type Source =
  | { kind: 'git'; repo: string; commit: string; target: 'wasm32-wasip1' | 'wasm32-wasip2'; path?: string | null }
  | { kind: 'wasm_url'; url: string; sha256: Uint8Array };
export type Input = { kind: 'inline'; data: Uint8Array } | { kind: 'hash'; sha256: Uint8Array; bytes: bigint };
export type ResponseFormat = 'text' | 'json' | 'bytes';
export const RESPONSE_FORMATS: ResponseFormat[] = ['text', 'json', 'bytes'];
export interface SecretsRef {
  owner: PublicKey;
  profile: string;
}
/** The requester's callback: `programId` gets `errand_callback` by CPI on resolve, with these
 * accounts after the callback authority (at most 3; `writable` as given, never signers). */
export interface CallbackSpec {
  programId: PublicKey;
  accounts: { pubkey: PublicKey; writable: boolean }[];
}

export interface RequestView {
  address: PublicKey;
  requestId: bigint;
  nonce: bigint;
  requester: PublicKey;
  deposit: bigint;
  lamports: bigint;
  slot: bigint;
  deadlineSlot: bigint;
  limits: Limits;
  pricing: Pricing;
  protocolFeeBps: number;
  responseFormat: ResponseFormat;
  sourceHash: Buffer;
  inputHash: Buffer;
  secretsRef: SecretsRef | null;
  callback: CallbackSpec | null;
  /** The http capability's budget as the account keeps it (its hosts are in the ExecutionRequested
   * event; the account has the sha256 of their borsh encoding). */
  http: { maxRequests: bigint; maxResponseBytes: bigint; allowHash: Buffer } | null;
}

export type Output = { kind: 'none' } | { kind: 'inline'; data: Uint8Array } | { kind: 'stored'; sha256: Uint8Array; bytes: bigint; reference: string };
export interface ResourcesUsed {
  instructions: bigint;
  timeMs: bigint;
  compileTimeMs: bigint;
}
/** HTTP exchanges made and response-body bytes received (only for a request with `http`). */
export interface HttpUsed {
  requests: bigint;
  responseBytes: bigint;
}
/** `skipCallback`: resolve without invoking the request's callback (for a callback that fails; the
 * event then says callback_skipped). */
export interface ExecutionResult {
  success: boolean;
  resourcesUsed: ResourcesUsed;
  output: Output;
  error: string;
  skipCallback?: boolean;
  /** sha256 of the run's HTTP transcript (32 bytes); only for a request with the http capability. */
  transcriptSha256?: Uint8Array | null;
  httpUsed?: HttpUsed | null;
}

export interface WorkerView {
  address: PublicKey;
  authority: PublicKey;
  workerKey: Buffer;
  measurement: Buffer;
  stake: bigint;
  status: 'active' | 'unbonding';
  registeredSlot: bigint;
  unbondingEndsSlot: bigint;
}

export interface SecretsEntry {
  repo: string;
  branch: string | null;
  profile: string;
  envelope: Uint8Array;
  accessCondition: Uint8Array;
}
export interface SecretsView extends SecretsEntry {
  address: PublicKey;
  owner: PublicKey;
  keyHash: Buffer;
  lamports: bigint;
}
