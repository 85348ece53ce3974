/**
 * Runs one exported function of a contract module in a fresh V8 Instance against the host
 * functions (imports and memory come from the module's link: linkModule.ts). Memory is the
 * contract's own (recycled when compileContract could import it), or an `env.memory` import we
 * provide (as nearcore's preparation step does).
 * Instructions burn gas as on NEAR (compileContract.ts meters them; HostState settles the fuel):
 * a call that runs out fails with "Exceeded the prepaid gas." (or the max_gas_burnt error) having
 * burnt all it could, and so does a call that never stops. A call deeper than nearcore's stack
 * budget traps with its "Stack overflow." (gas burnt so far).
 */
import { GAS } from './gasCosts.ts';
import { wasm, type WasmInstance, type WasmModule } from './wasmApi.ts';
import { GAS_EXCEEDED, GAS_LIMIT_EXCEEDED, HostError, STACK_OVERFLOW } from './HostError.ts';
import type { VMContext, VMOutcome } from './VMContext.ts';
import { linkFor, provideMemory, release } from './linkModule.ts';
import { DEFERRED_START_EXPORT, FUEL_GLOBAL_EXPORT, STACK_GLOBAL_EXPORT } from '../../../../worker/executor/instrument/index.ts';

export interface RunLimits {
  /** Max gas the call may burn (NEAR's max_gas_burnt). */
  gasLimit: bigint;
  /** Gas per metered instruction (wasm_regular_op_cost). */
  regularOpCost: bigint;
}

export function runFunction(module: WasmModule, codeBytes: number, method: string, ctx: VMContext, limits: RunLimits): VMOutcome {
  const l = linkFor(module, ctx, limits.gasLimit, limits.regularOpCost);
  const s = l.host;
  let error: VMOutcome['error'] = null;
  try {
    if (method === '') throw new HostError({ MethodResolveError: 'MethodEmptyName' });
    s.burn(GAS.contractLoadingBase + GAS.contractLoadingByte * BigInt(codeBytes));
    if (!l.functions.has(method)) throw new HostError({ MethodResolveError: 'MethodNotFound' });
    if (l.linkError) throw l.linkError;
    provideMemory(l);
    let instance: WasmInstance | undefined;
    try {
      instance = new wasm.Instance(module, l.imports);
      const fn = instance.exports[method] as (...a: unknown[]) => unknown;
      if (fn.length !== 0) throw new HostError({ MethodResolveError: 'MethodInvalidSignature' });
      if (!s.memory) {
        const mem = instance.exports['memory'];
        if (mem instanceof wasm.Memory) s.memory = mem;
      }
      s.startMetering(instance.exports[FUEL_GLOBAL_EXPORT] as { value: bigint });
      const start = instance.exports[DEFERRED_START_EXPORT] as (() => void) | undefined;
      if (start) start();
      fn();
      s.settleFuel();
    } catch (e) {
      // A fuel trap leaves the global below zero; a host error thrown by burn() already says which limit.
      if (!(e instanceof wasm.RuntimeError || e instanceof RangeError)) throw e;
      if (!s.settleFuel()) {
        const stack = instance?.exports[STACK_GLOBAL_EXPORT] as { value: bigint } | undefined;
        if (stack && stack.value < 0n) throw HostError.execution(STACK_OVERFLOW);
        throw e;
      }
      const prepaid = s.prepaidIsTheLimit();
      s.burnAll();
      throw HostError.execution(prepaid ? GAS_EXCEEDED : GAS_LIMIT_EXCEEDED);
    }
  } catch (e) {
    // Out of gas in a host function: NEAR burns what the call could still burn, as for instructions.
    if (e instanceof HostError && (e.message === GAS_EXCEEDED || e.message === GAS_LIMIT_EXCEEDED)) s.burnAll();
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
