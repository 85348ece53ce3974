/**
 * Compiles contract code for the local VM, once per code hash: with loop metering (meterLoops: a
 * fuel budget of FUEL_PER_MS loop iterations per millisecond of `maxExecutionMs`) when the
 * rewriter supports the module, else as is (runFunction then guards it with the wall clock); and
 * with its own memory turned into an import (importMemory) when possible, so calls can recycle
 * memories. Each step that V8 refuses is dropped, never the contract.
 */
import { importMemory, type MemoryLimits } from './importMemory.ts';
import { meterLoops } from './meterLoops.ts';
import { wasm, type WasmModule } from './wasmApi.ts';

/** Loop iterations allowed per millisecond of maxExecutionMs: a metered loop costs a few ns per
 * iteration, so a runaway call stops well within its wall-clock budget on this class of machine. */
export const FUEL_PER_MS = 100_000;

export interface CompiledInfo {
  /** Loop-metered: a runaway call traps on fuel instead of needing the wall-clock guard. */
  metered: boolean;
  /** Limits of the module's own memory when it was turned into OWN_MEMORY_IMPORT. */
  ownMemory: MemoryLimits | null;
}

const infos = new WeakMap<WasmModule, CompiledInfo>();

/** How compileMetered built `module`; modules compiled elsewhere are unmetered with their own memory. */
export function compiledInfo(module: WasmModule): CompiledInfo {
  return infos.get(module) ?? { metered: false, ownMemory: null };
}

export function compileMetered(code: Uint8Array, maxExecutionMs: number): WasmModule {
  const meteredCode = meterLoops(code, Math.min(2 ** 31 - 1, Math.max(1, Math.floor(maxExecutionMs * FUEL_PER_MS))));
  const metered = meteredCode ? compileVariants(meteredCode, true) : null;
  if (metered) return metered;
  // The metering rewrite is unsupported or refused by V8: the original, under the wall-clock guard.
  return compileVariants(code, false) ?? remember(new wasm.Module(code), { metered: false, ownMemory: null });
}

/** `bytes` with its memory imported if V8 takes that, else as they are; null if V8 refuses both. */
function compileVariants(bytes: Uint8Array, metered: boolean): WasmModule | null {
  const pooled = importMemory(bytes);
  const withImport = pooled ? tryCompile(pooled.code) : null;
  if (withImport && pooled) return remember(withImport, { metered, ownMemory: pooled.limits });
  const plain = tryCompile(bytes);
  return plain ? remember(plain, { metered, ownMemory: null }) : null;
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
