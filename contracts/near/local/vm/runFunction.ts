/**
 * Runs one exported function of a contract module in a fresh V8 Instance against the host
 * functions (imports and memory come from the module's link: linkModule.ts). Memory is the
 * contract's own (recycled when compileContract could import it), or an `env.memory` import we
 * provide (as nearcore's preparation step does).
 * A call that never stops fails with NEAR's "Exceeded the prepaid gas." having burnt all its
 * prepaid gas - what NEAR would do. Modules compiled with loop metering (compileContract.ts) trap
 * on fuel; a module the metering cannot rewrite runs under the wall-clock guard (runWithDeadline,
 * a watchdog thread per call) instead.
 * Does not promise: instruction-level gas (pure computation is free here, unlike on NEAR), nor
 * that a heavy but finite call fits its budget.
 */
import { GAS } from './gasCosts.ts';
import { wasm, type WasmInstance, type WasmModule } from './wasmApi.ts';
import { GAS_EXCEEDED, HostError } from './HostError.ts';
import type { VMContext, VMOutcome } from './VMContext.ts';
import { compiledInfo } from './compileContract.ts';
import { linkFor, provideMemory, release } from './linkModule.ts';
import { runWithDeadline } from './runWithDeadline.ts';
import { FUEL_EXPORT } from './meterLoops.ts';

export interface RunLimits {
  /** Max gas the call may burn (NEAR's max_gas_burnt). */
  gasLimit: bigint;
  /** Wall-clock deadline of the call in milliseconds. */
  maxExecutionMs: number;
}

export function runFunction(module: WasmModule, codeBytes: number, method: string, ctx: VMContext, limits: RunLimits): VMOutcome {
  const l = linkFor(module, ctx, limits.gasLimit);
  const s = l.host;
  let error: VMOutcome['error'] = null;
  try {
    if (method === '') throw new HostError({ MethodResolveError: 'MethodEmptyName' });
    s.burn(GAS.contractLoadingBase + GAS.contractLoadingByte * BigInt(codeBytes));
    if (!l.functions.has(method)) throw new HostError({ MethodResolveError: 'MethodNotFound' });
    if (l.linkError) throw l.linkError;
    provideMemory(l);
    let instance: WasmInstance | undefined;
    const call = (): void => {
      instance = new wasm.Instance(module, l.imports);
      const fn = instance.exports[method] as (...a: unknown[]) => unknown;
      if (fn.length !== 0) throw new HostError({ MethodResolveError: 'MethodInvalidSignature' });
      if (!s.memory) {
        const mem = instance.exports['memory'];
        if (mem instanceof wasm.Memory) s.memory = mem;
      }
      fn();
    };
    let outcome: 'done' | 'timeout' = 'done';
    if (!compiledInfo(module).metered) outcome = runWithDeadline(call, limits.maxExecutionMs);
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
    release(l);
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

function toFunctionCallError(e: unknown): VMOutcome['error'] {
  if (e instanceof HostError) return e.json;
  if (e instanceof wasm.RuntimeError) return { ExecutionError: `WebAssembly trap: ${e.message}` };
  if (e instanceof RangeError) return { ExecutionError: `WebAssembly trap: ${e.message}` };
  if (e instanceof wasm.LinkError) return { CompilationError: { PrepareError: e.message } };
  return { ExecutionError: `WasmUnknownError: ${e instanceof Error ? e.message : String(e)}` };
}
