/**
 * An execution request as the off-chain side knows it: what the chain event said, normalised to
 * camelCase and chain-agnostic fields. Chain clients convert to and from their wire shapes.
 */
import type { ResourceLimits } from './limits.ts';
import type { ExecutionSource } from './source.ts';
import type { ResponseFormat } from './execution.ts';
import type { HttpCapability } from './http.ts';

export const CHAINS = ['near', 'solana'] as const;
export type ChainId = (typeof CHAINS)[number];

/** Which secrets a request uses: the owner who stored them and the profile name. The repo and
 * branch of the secrets entry are the request's own source repo/branch. */
export interface SecretsRef {
  owner: string;
  profile: string;
}

/** Identifies one request on one contract of one chain. */
export interface RequestRef {
  chain: ChainId;
  contractId: string;
  /** The contract's request id (u64 on NEAR, as a decimal string). */
  requestId: string;
}

export interface ExecutionRequest extends RequestRef {
  /** NEAR: the yield's data id (base58/hex as the contract logs it); Solana: the request PDA. */
  callbackHandle?: string;
  /** Where the chain logged the request, for people to look it up: NEAR's receipt id (the
   * receipt that logged execution_requested; a NEAR node maps a receipt to its transaction only
   * through an archival index), Solana's transaction signature. Absent on requests made over HTTP. */
  requestTx?: string;
  senderId: string;
  payerId: string;
  source: ExecutionSource;
  /** stdin for the program when its bytes are UTF-8 ('' otherwise). Large inputs are kept in
   * contract state; the watcher fetches them. Read the bytes with requestInputBytes. */
  input: string;
  /** The input's exact bytes, base64, when they are not UTF-8 (requestInput.ts). */
  inputBase64?: string;
  secretsRef?: SecretsRef;
  limits: ResourceLimits;
  /** The hosts the program may call and its HTTP budget (absent: no network). */
  http?: HttpCapability;
  responseFormat: ResponseFormat;
  /** Deposit attached, in the chain's smallest unit (yoctoNEAR, lamports), decimal string. */
  deposit: string;
  blockHeight: number;
}
