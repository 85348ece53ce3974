/**
 * Resource limits a requester pays for, and what a run actually used. 1 instruction = 1 fuel
 * (one WebAssembly instruction executed, see worker/executor). Usage reported on-chain is capped at
 * the limits: a requester never pays above what they asked for.
 */
export interface ResourceLimits {
  /** Fuel: WebAssembly instructions the program may execute. */
  maxInstructions: number;
  /** Linear memory cap in MiB. */
  maxMemoryMb: number;
  /** Wall-clock limit of the execution, in milliseconds. */
  maxExecutionMs: number;
  /** Wall-clock limit of the compile step, in milliseconds (priced separately). */
  maxCompileMs: number;
  /**
   * Opt-in in-memory scratch directory preopened at /tmp, in MiB; absent or 0 = none. Its bytes
   * count toward `maxMemoryMb` (so it must stay below it) and it is not priced separately.
   */
  maxScratchMb?: number;
}

export interface ResourcesUsed {
  instructions: number;
  timeMs: number;
  compileTimeMs: number;
}
