/** Public option and result shapes of the instrumenter (see index.ts for the functions). */
import type { CostModel } from './costModel.ts';

export interface InstrumentOptions {
  /** Initial value of the counter global when the module defines it (`fuelGlobal: 'export'`). 0 ≤ n < 2^63. */
  initialFuel: bigint;
  /**
   * 'export' (default): the module defines the counter and exports it as `errand_fuel_left`.
   * 'import': the module imports a mutable i64 global `errand.fuel_left` instead, so that several
   * core modules (of one component) share one counter; it is not re-exported.
   */
  fuelGlobal?: 'export' | 'import';
  /**
   * Cap in 64 KiB pages: every defined memory's maximum becomes min(declared max, cap). A defined
   * memory whose initial size exceeds the cap is rejected (EXECUTOR__MEMORY_LIMIT). Imported
   * memories are left alone (their owner caps them).
   */
  memoryMaxPages?: number;
  /**
   * Remove the start section and export the start function as `errand_start`, so the host can set
   * the fuel before it runs. No effect on a module without a start function.
   */
  deferStart?: boolean;
  /** How instructions are priced (default: 1 fuel per instruction, DEFAULT_COST_MODEL in costModel.ts). */
  costModel?: CostModel;
}

export type ExternKind = 'function' | 'table' | 'memory' | 'global';

export interface ModuleInspection {
  imports: { module: string; name: string; kind: ExternKind }[];
  exports: { name: string; kind: ExternKind }[];
  memories: { min: number; max?: number; imported: boolean }[];
  hasStart: boolean;
}
