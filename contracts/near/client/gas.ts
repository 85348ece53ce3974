/**
 * Gas the client attaches to each Errand contract method, derived from `npm run bench -- near-gas`
 * (the contract's worst case per method on the local chain with nearcore's metering, protocol 86;
 * host and action fees are the same in 82..86): max(10 Tgas, worst x 1.3 rounded up to 10 Tgas),
 * never above 300 Tgas, so one client works on protocols <= 82 (300 Tgas per transaction) and >= 83
 * (1 PGas). tests/near/contract/gasBudget.test.ts fails when a measured case comes within 20% of
 * these figures. Worst cases measured (Tgas) are noted per method.
 */
const TGAS = 10n ** 12n;

export const NEAR_CLIENT_GAS = {
  /** The protocol <= 82 ceiling (max_total_prepaid_gas): nothing here may exceed it. */
  limit: 300n * TGAS,
  /** 73.3: a 64 KiB input of control characters (6 bytes each in the call), incl. the callback's 30 reserved. */
  request_execution: 100n * TGAS,
  /** 171.3: a 256 KiB output of control characters (1.5 MB of call arguments); all quotes 109.7, ASCII JSON 37.3. */
  submit_execution_output: 230n * TGAS,
  /** 2.5: an inline output of control characters filling the 1 KiB yield payload. */
  resolve_execution: 10n * TGAS,
  /** 7.5: a 16 KiB ciphertext with a 100-account whitelist. */
  store_secrets: 20n * TGAS,
  /** 2.9 */
  delete_secrets: 10n * TGAS,
  /** 1.2, the same for the 1st and the 101st worker (one record per worker). */
  register_worker: 10n * TGAS,
  /** 116.8 (256 KiB of control characters). Views: max_gas_burnt_view up to protocol 82 (not attached; what a view may burn). */
  get_execution_output: 300n * TGAS,
  /** 3.4. Not attached by the client: the contract's default callback_gas, which each request's yield reserves. */
  yield_callback: 30n * TGAS,
} as const;

export type NearGasMethod = Exclude<keyof typeof NEAR_CLIENT_GAS, 'limit'>;
