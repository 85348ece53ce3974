/**
 * Protocol parameters of the local chain. Values follow NEAR mainnet where a test can observe
 * them (storage price, yield timeout, gas price, prepaid gas cap); the rest are documented choices.
 */
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
  /** Max gas a transaction's function call may attach (NEAR: 300 Tgas). */
  maxPrepaidGas: bigint;
  /** Nanoseconds a block advances the clock by, at least (the clock also follows wall time). */
  minBlockIntervalNs: bigint;
  /**
   * Wall-clock milliseconds one contract call (or view) may run. The local VM does not meter
   * WebAssembly instructions, so this deadline is what stops a contract that loops without host
   * calls; such a call fails with "Exceeded the prepaid gas." and burns its prepaid gas.
   */
  maxExecutionMs: number;
}

export const DEFAULT_LOCAL_CHAIN_CONFIG: LocalChainConfig = {
  chainId: 'localnet',
  gasPrice: 100_000_000n,
  storageAmountPerByte: 10_000_000_000_000_000_000n,
  yieldTimeoutBlocks: 200,
  finalityLagBlocks: 0,
  maxPrepaidGas: 300_000_000_000_000n,
  minBlockIntervalNs: 1_000_000n,
  maxExecutionMs: 2_000,
};

/** Bytes NEAR counts for an account record and for each extra record (trie key, access key). */
export const ACCOUNT_RECORD_BYTES = 100n;
export const EXTRA_RECORD_BYTES = 40n;
/** Max payload of promise_yield_resume (NEAR: 1024). */
export const MAX_YIELD_PAYLOAD = 1024;
/** Gas a view call may burn (NEAR's max_gas_burnt_view). */
export const VIEW_GAS_LIMIT = 300_000_000_000_000n;
