/**
 * Protocol parameters of the local chain. Values follow NEAR mainnet where a test can observe
 * them (storage price, yield timeout, gas price, prepaid gas cap); the rest are documented choices.
 */
import { NEWEST_STABLE_PROTOCOL } from '../vm/protocol.ts';

export interface LocalChainConfig {
  chainId: string;
  /** yoctoNEAR per gas unit. NEAR's minimum is 10^8; set 0n to make balance arithmetic gas-free. */
  gasPrice: bigint;
  /** yoctoNEAR each stored byte must be backed by (NEAR: 10^19). */
  storageAmountPerByte: bigint;
  /** Blocks after which an unresumed `promise_yield_create` times out (NEAR: 200). */
  yieldTimeoutBlocks: number;
  /** How many blocks behind the head the final block is. 0: every block is final at once (local default). */
  finalityLagBlocks: number;
  /**
   * The NEAR protocol version whose gas ceiling (300 Tgas up to 82, 1 PGas from 83), WebAssembly
   * feature set (reference types and bulk memory from 84) and costs the chain applies
   * (vm/protocol.ts; default: the newest stable one).
   */
  protocolVersion: number;
  /** Nanoseconds a block advances the clock by, at least (the clock also follows wall time). */
  minBlockIntervalNs: bigint;
}

export const DEFAULT_LOCAL_CHAIN_CONFIG: LocalChainConfig = {
  chainId: 'localnet',
  gasPrice: 100_000_000n,
  storageAmountPerByte: 10_000_000_000_000_000_000n,
  yieldTimeoutBlocks: 200,
  finalityLagBlocks: 0,
  protocolVersion: NEWEST_STABLE_PROTOCOL,
  minBlockIntervalNs: 1_000_000n,
};

/** Bytes NEAR counts for an account record and for each extra record (trie key, access key). */
export const ACCOUNT_RECORD_BYTES = 100n;
export const EXTRA_RECORD_BYTES = 40n;
/** Max payload of promise_yield_resume (NEAR: 1024). */
export const MAX_YIELD_PAYLOAD = 1024;
