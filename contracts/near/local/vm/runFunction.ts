/**
 * Runs one exported function of a contract module in V8 against the host functions. Memory is
 * the contract's own export, or an `env.memory` import we provide (as nearcore's preparation step
 * does). Any import from `env` that we do not implement links to a function that fails the call
 * with a clear message, so a contract using it fails loudly instead of at link time.
 * A call that never stops fails with NEAR's "Exceeded the prepaid gas." having burnt all its
 * prepaid gas - what NEAR would do. Modules are compiled with loop metering (meterLoops: a fuel
 * budget of FUEL_PER_MS loop iterations per millisecond of `maxExecutionMs`, nothing per call);
 * a module the metering cannot rewrite runs under the wall-clock guard (runWithDeadline, a
 * watchdog thread per call) instead.
 * Does not promise: instruction-level gas (pure computation is free here, unlike on NEAR), nor
 * that a heavy but finite call fits its budget.
 */
import { GAS } from './gasCosts.ts';
import { wasm, type WasmInstance, type WasmModule } from './wasmApi.ts';
import { GAS_EXCEEDED, HostError } from './HostError.ts';
import { HostState } from './HostState.ts';
import type { VMContext, VMOutcome } from './VMContext.ts';
import { contextImports } from './imports/contextImports.ts';
import { promiseImports } from './imports/promiseImports.ts';
import { storageImports } from './imports/storageImports.ts';
import { utilImports } from './imports/utilImports.ts';
import { runWithDeadline } from './runWithDeadline.ts';
import { FUEL_EXPORT, meterLoops } from './meterLoops.ts';

/** Loop iterations allowed per millisecond of maxExecutionMs: a metered loop costs a few ns per
 * iteration, so a runaway call stops well within its wall-clock budget on this class of machine. */
export const FUEL_PER_MS = 100_000;
const metered = new WeakSet<WasmModule>();

/** Compiles contract code with loop metering when the rewriter supports the module, else as is. */
export function compileMetered(code: Uint8Array, maxExecutionMs: number): WasmModule {
  const rewritten = meterLoops(code, Math.min(2 ** 31 - 1, Math.max(1, Math.floor(maxExecutionMs * FUEL_PER_MS))));
  if (rewritten) {
    try {
      const module = new wasm.Module(rewritten);
      metered.add(module);
      return module;
    } catch {
      // The rewrite produced something V8 refuses: fall back to the original under the wall-clock guard.
    }
  }
  return new wasm.Module(code);
}

export interface RunLimits {
  /** Max gas the call may burn (NEAR's max_gas_burnt). */
  gasLimit: bigint;
  /** Wall-clock deadline of the call in milliseconds. */
  maxExecutionMs: number;
}

/**
 * What a module needs per call, worked out once: its exported functions, and its `env` imports
 * bound to one HostState (the host functions read the current call's state from it). Building
 * ~60 host closures and scanning the import/export lists per call was a visible share of the
 * local chain's profile. The Instance itself stays fresh per call, as on NEAR.
 */
interface LinkedModule {
  functions: Set<string>;
  host: HostState;
  env: Record<string, unknown>;
  /** The name of an imported `env` memory: each call gets a fresh one. */
  memoryImport: string | null;
  /** Why the module cannot be instantiated here (an import we refuse), raised when it is called. */
  linkError: HostError | null;
  busy: boolean;
}

const linkedModules = new WeakMap<WasmModule, LinkedModule>();

/** The module's link with its HostState reset for this call. */
function linkFor(module: WasmModule, ctx: VMContext, gasLimit: bigint): LinkedModule {
  const cached = linkedModules.get(module);
  if (cached && !cached.busy) {
    cached.host.reset(ctx, gasLimit);
    return cached;
  }
  // A call while another runs on the module (calls do not nest today) gets a link of its own.
  const l = link(module, new HostState(ctx, gasLimit));
  if (!cached) linkedModules.set(module, l);
  return l;
}

export function runFunction(module: WasmModule, codeBytes: number, method: string, ctx: VMContext, limits: RunLimits): VMOutcome {
  const l = linkFor(module, ctx, limits.gasLimit);
  const s = l.host;
  l.busy = true;
  let error: VMOutcome['error'] = null;
  try {
    if (method === '') throw new HostError({ MethodResolveError: 'MethodEmptyName' });
    s.burn(GAS.contractLoadingBase + GAS.contractLoadingByte * BigInt(codeBytes));
    if (!l.functions.has(method)) throw new HostError({ MethodResolveError: 'MethodNotFound' });
    if (l.linkError) throw l.linkError;
    let imports: Record<string, Record<string, unknown>> = { env: l.env };
    if (l.memoryImport !== null) {
      s.memory = new wasm.Memory({ initial: 17, maximum: 2048 });
      imports = { env: { ...l.env, [l.memoryImport]: s.memory } };
    }
    let instance: WasmInstance | undefined;
    const call = (): void => {
      instance = new wasm.Instance(module, imports);
      const fn = instance.exports[method] as (...a: unknown[]) => unknown;
      if (fn.length !== 0) throw new HostError({ MethodResolveError: 'MethodInvalidSignature' });
      if (!s.memory) {
        const mem = instance.exports['memory'];
        if (mem instanceof wasm.Memory) s.memory = mem;
      }
      fn();
    };
    let outcome: 'done' | 'timeout' = 'done';
    if (!metered.has(module)) outcome = runWithDeadline(call, limits.maxExecutionMs);
    else {
      try {
        call();
      } catch (e) {
        // A fuel trap is an `unreachable` trap with the fuel global at 0; the contract's own traps leave fuel.
        const fuel = (instance?.exports[FUEL_EXPORT] as { value?: number } | undefined)?.value;
        if (!(e instanceof wasm.RuntimeError && fuel === 0)) throw e;
        outcome = 'timeout';
      }
    }
    if (outcome === 'timeout') {
      s.burnAll();
      throw HostError.execution(GAS_EXCEEDED);
    }
  } catch (e) {
    error = toFunctionCallError(e);
  } finally {
    l.busy = false;
    s.memory = null; // the reused state does not keep the instance's memory alive between calls
  }
  return {
    returnData: error ? { kind: 'none' } : s.returnData,
    logs: s.logs,
    burntGas: s.burntGas,
    usedGas: s.usedGas,
    promises: error ? [] : s.promises,
    yieldResumes: error ? [] : s.yieldResumes,
    error,
  };
}

function link(module: WasmModule, s: HostState): LinkedModule {
  const host: Record<string, unknown> = { ...contextImports(s), ...utilImports(s), ...storageImports(s), ...promiseImports(s) };
  const env: Record<string, unknown> = {};
  let memoryImport: string | null = null;
  let linkError: HostError | null = null;
  for (const imp of wasm.Module.imports(module)) {
    if (imp.module !== 'env') linkError ??= new HostError({ CompilationError: { PrepareError: `import from module ${imp.module} is not allowed` } });
    else if (imp.kind === 'memory') memoryImport = imp.name;
    else if (imp.kind === 'function') {
      const f = host[imp.name];
      env[imp.name] = typeof f === 'function'
        ? f
        : () => {
            throw HostError.execution(`host function ${imp.name} is not implemented by the local chain`);
          };
    } else {
      linkError ??= new HostError({ CompilationError: { PrepareError: `import of ${imp.kind} ${imp.name} is not allowed` } });
    }
  }
  const functions = new Set(wasm.Module.exports(module).filter((e) => e.kind === 'function').map((e) => e.name));
  return { functions, host: s, env, memoryImport, linkError, busy: false };
}

function toFunctionCallError(e: unknown): VMOutcome['error'] {
  if (e instanceof HostError) return e.json;
  if (e instanceof wasm.RuntimeError) return { ExecutionError: `WebAssembly trap: ${e.message}` };
  if (e instanceof RangeError) return { ExecutionError: `WebAssembly trap: ${e.message}` };
  if (e instanceof wasm.LinkError) return { CompilationError: { PrepareError: e.message } };
  return { ExecutionError: `WasmUnknownError: ${e instanceof Error ? e.message : String(e)}` };
}
