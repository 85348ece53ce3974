/**
 * Compiles contract code for the local VM, once per code hash, metered as nearcore's prepare step
 * meters it (finite-wasm, runtime/near-vm-runner/src/prepare/prepare_v3.rs): the project's
 * instrumenter (worker/executor/instrument) with NEAR's price list, in units of one
 * wasm_regular_op_cost (NEAR_COST_MODEL), so fuel x regularOpCost is the gas NEAR burns. The
 * module's own memory is then turned into an import (importMemory) when possible, so calls can
 * recycle memories.
 * The stack limit is nearcore's too: every call reserves the function's largest operand stack
 * (operandStack.ts) plus its activation (64 bytes, its parameters and locals) against
 * max_stack_height, and a call that finds it short traps ("Stack overflow.").
 */
import { instrumentModule, type CostModel } from '../../../../worker/executor/instrument/index.ts';
import { importMemory, type MemoryLimits } from './importMemory.ts';
import { operandStackBytes } from './operandStack.ts';
import { wasm, type WasmModule } from './wasmApi.ts';

/** NEAR's max_memory_pages: a contract memory never grows beyond 128 MiB. */
const MAX_MEMORY_PAGES = 2048;

/**
 * finite-wasm's gas config as nearcore sets it: every instruction costs one regular op except
 * block, else and end; memory/table init, copy and fill cost linear_op_base (32 ops) plus one op per
 * byte or element (linear_op_unit = regular op, protocol >= 84; earlier they are refused at deploy);
 * each function entry costs ceil(frame / 8) ops, the frame being 64 bytes plus its parameters and
 * locals (4 bytes per i32/f32, 8 per i64/f64/reference, 16 per v128). memory.grow and table.grow are
 * plain instructions for NEAR; table.grow here also pays per element (the instrumenter prices all
 * table operations alike), which only contracts using reference types can notice.
 */
const opcodeFuel = new Uint8Array(256).fill(1);
opcodeFuel[0x02] = 0; // block
opcodeFuel[0x05] = 0; // else
opcodeFuel[0x0b] = 0; // end
/** finite-wasm's rough size of a function activation (return address, frame pointer, spills). */
const ACTIVATION_BYTES = 64;
export const NEAR_COST_MODEL: CostModel = {
  opcodeFuel,
  bulkFuel: 32,
  dynamicShift: { bytes: 0, pages: null, elements: 0 },
  entryFuel: (frameBytes) => Math.ceil((ACTIVATION_BYTES + frameBytes) / 8),
};

/** NEAR_COST_MODEL with the module's stack budget: max_stack_height, per function its operand stack plus activation. */
function nearCostModel(code: Uint8Array, maxStackHeight: number): CostModel {
  const operands = operandStackBytes(code);
  return {
    ...NEAR_COST_MODEL,
    stack: { limit: BigInt(maxStackHeight), bytes: (i, frameBytes) => (operands[i] ?? 0) + ACTIVATION_BYTES + frameBytes },
  };
}

export interface CompiledInfo {
  /** Limits of the module's own memory when it was turned into OWN_MEMORY_IMPORT. */
  ownMemory: MemoryLimits | null;
}

const infos = new WeakMap<WasmModule, CompiledInfo>();

/** How compileContract built `module`; modules compiled elsewhere keep their own memory. */
export function compiledInfo(module: WasmModule): CompiledInfo {
  return infos.get(module) ?? { ownMemory: null };
}

/** The metered module; throws (a coded instrumenter error or V8's CompileError) when it cannot be prepared. */
export function compileContract(code: Uint8Array, maxStackHeight: number): WasmModule {
  const costModel = nearCostModel(code, maxStackHeight);
  const metered = instrumentModule(code, { initialFuel: 0n, memoryMaxPages: MAX_MEMORY_PAGES, deferStart: true, costModel });
  const pooled = importMemory(metered);
  if (pooled) {
    const module = tryCompile(pooled.code);
    if (module) return remember(module, { ownMemory: pooled.limits });
  }
  return remember(new wasm.Module(metered), { ownMemory: null });
}

function remember(module: WasmModule, info: CompiledInfo): WasmModule {
  infos.set(module, info);
  return module;
}

function tryCompile(bytes: Uint8Array): WasmModule | null {
  try {
    return new wasm.Module(bytes);
  } catch {
    return null;
  }
}
