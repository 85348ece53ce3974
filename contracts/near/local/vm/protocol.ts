/**
 * The NEAR protocol versions the local chain can imitate, and what changes between them, read
 * from nearcore's core/parameters/res/runtime_configs (parameters.yaml and its NN.yaml overrides)
 * and core/primitives-core/src/version.rs. Host-function and action costs are the same in every
 * supported version (gasCosts.ts); what differs is the gas ceiling (83: 300 Tgas -> 1 PGas) and
 * the WebAssembly feature set (84: reference types and bulk memory, priced by the linear-op fees).
 * Does not promise: versions outside SUPPORTED (a coded error), nor nearcore's compute costs,
 * congestion control or account-creation charge.
 */
import { ErrandError } from '../../../../common/errors/index.ts';

export interface NearProtocol {
  version: number;
  /** Gas per WebAssembly instruction (wasm_regular_op_cost); block, else and end are free. */
  regularOpCost: bigint;
  /** Gas of a bulk memory/table operation: linear_op_base_cost + linear_op_unit_cost per byte/element. */
  linearOpBaseCost: bigint;
  linearOpUnitCost: bigint;
  /** finite-wasm stack budget in bytes (max_stack_height). */
  maxStackHeight: number;
  /** max_gas_burnt (= max_gas_burnt_view) and max_total_prepaid_gas. */
  maxGasBurnt: bigint;
  maxTotalPrepaidGas: bigint;
  /** reftypes_bulk_memory: the contract may use reference types and bulk memory. */
  referenceTypesBulkMemory: boolean;
  /** max_total_log_length (bytes of all logs of one call) and max_number_logs. */
  maxTotalLogLength: number;
  maxNumberLogs: number;
}

/** STABLE_PROTOCOL_VERSION of nearcore at the time of writing. */
export const NEWEST_STABLE_PROTOCOL = 86;
export const SUPPORTED_PROTOCOLS = { min: 82, max: 86 } as const;

const TGAS = 10n ** 12n;

export function nearProtocol(version: number = NEWEST_STABLE_PROTOCOL): NearProtocol {
  if (!Number.isInteger(version) || version < SUPPORTED_PROTOCOLS.min || version > SUPPORTED_PROTOCOLS.max) {
    throw new ErrandError(
      'COMMON__INVALID_ARGUMENT',
      `the local NEAR chain imitates protocol versions ${SUPPORTED_PROTOCOLS.min}..${SUPPORTED_PROTOCOLS.max}, not ${version}`,
      { field: 'protocolVersion' },
    );
  }
  const bulk = version >= 84;
  const maxGas = version >= 83 ? 1000n * TGAS : 300n * TGAS;
  return {
    version,
    regularOpCost: 822_756n,
    // Before 84 the linear ops cannot appear (bulk memory is refused at deploy); nearcore prices them at 300 Tgas.
    linearOpBaseCost: bulk ? 26_328_192n : 300n * TGAS,
    linearOpUnitCost: bulk ? 822_756n : 300n * TGAS,
    maxStackHeight: 262_144,
    maxGasBurnt: maxGas,
    maxTotalPrepaidGas: maxGas,
    referenceTypesBulkMemory: bulk,
    maxTotalLogLength: 16_384,
    maxNumberLogs: 100,
  };
}
