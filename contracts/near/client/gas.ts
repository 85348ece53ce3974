/**
 * Gas the client attaches to each Errand contract method, derived from `npm run bench -- near-gas`
 * (the contract's worst case per method on the local chain with nearcore's metering, protocol 86;
 * host and action fees are the same in 82..86): max(10 Tgas, worst x 1.3 rounded up to 10 Tgas)
 * (request_execution: x 1.5, its input's worst case is rare but the trie-node fees are estimated;
 * submit_execution_output: by the output's size, submitOutputGas),
 * never above 300 Tgas, so one client works on protocols <= 82 (300 Tgas per transaction) and >= 83
 * (1 PGas). tests/near/contract/gasBudget.test.ts fails when a measured case comes within 20% of
 * these figures. Worst cases measured (Tgas) are noted per method.
 */
const TGAS = 10n ** 12n;

export const NEAR_CLIENT_GAS = {
  /** The protocol <= 82 ceiling (max_total_prepaid_gas): nothing here may exceed it. */
  limit: 300n * TGAS,
  /** 73.3: a 64 KiB input of control characters (6 bytes each in the call), incl. the callback's 30 reserved. */
  request_execution: 110n * TGAS,
  /** The largest output's gas (submitOutputGas(max_output_bytes)); smaller outputs attach less. */
  submit_execution_output: 246n * TGAS,
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

/**
 * submit_execution_output's worst case grows with the value: control characters (six bytes each in
 * the call's JSON) measured 1.9 Tgas + 0.65 Ggas per byte of value (1.93 Tgas at 64 bytes, 44.2 at
 * 64 KiB, 171.2 at 256 KiB; all quotes 109.7 and ASCII JSON 37.6 at 256 KiB).
 */
const SUBMIT_BASE_GAS = 2n * TGAS;
const SUBMIT_GAS_PER_BYTE = 660_000_000n;

/** Gas to attach to submit_execution_output for a value of `bytes` UTF-8 bytes: the worst case x 1.4, whole Tgas, >= 10 Tgas. */
export function submitOutputGas(bytes: number): bigint {
  const worst = SUBMIT_BASE_GAS + SUBMIT_GAS_PER_BYTE * BigInt(Math.max(0, Math.ceil(bytes)));
  const tgas = ((worst * 14n) / 10n + TGAS - 1n) / TGAS;
  const gas = (tgas < 10n ? 10n : tgas) * TGAS;
  return gas < NEAR_CLIENT_GAS.limit ? gas : NEAR_CLIENT_GAS.limit;
}
