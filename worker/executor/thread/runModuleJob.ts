/**
 * Runs one WASI preview 1 command inside a pool thread: instantiate against a fresh host, set the
 * fuel counter, run the deferred start function (if any) and `_start`, then classify the ending.
 * Everything the guest can do to the thread (trap, stack overflow, exit) ends up as a result; only
 * an infinite loop survives, and the deadline kills the thread for that.
 */
import type { ExecutionResult } from '../../../common/types/execution.ts';
import { DEFERRED_START_EXPORT, FUEL_GLOBAL_EXPORT } from '../metering.ts';
import { createPreview1Imports, PREVIEW1_MODULE } from '../wasi/preview1/createPreview1Imports.ts';
import { ERRAND_HTTP_MODULE } from '../wasi/preview1/errandHttpCalls.ts';
import { classifyOutcome } from './classifyOutcome.ts';
import { makeGuestIo } from './makeGuestIo.ts';
import type { ModuleJob } from './protocol.ts';

export function runModuleJob(job: ModuleJob): ExecutionResult {
  const started = performance.now();
  let fuelGlobal: WebAssembly.Global | undefined;
  const limit = BigInt(job.fuel);
  const fuelUsedSoFar = (): bigint => {
    if (!fuelGlobal) return 0n;
    const left = fuelGlobal.value as bigint;
    return left < 0n ? limit : limit - left;
  };
  const io = makeGuestIo(job, fuelUsedSoFar);
  const host = createPreview1Imports(io);
  let thrown: unknown;
  try {
    const instance = new WebAssembly.Instance(job.module, { [PREVIEW1_MODULE]: host.imports, [ERRAND_HTTP_MODULE]: host.httpImports } as WebAssembly.Imports);
    const exports = instance.exports;
    if (exports.memory instanceof WebAssembly.Memory) host.setMemory(exports.memory);
    if (job.metered) {
      fuelGlobal = exports[FUEL_GLOBAL_EXPORT] as WebAssembly.Global;
      fuelGlobal.value = limit;
      io.meter.attach(fuelGlobal);
      const deferredStart = exports[DEFERRED_START_EXPORT];
      if (typeof deferredStart === 'function') deferredStart();
    }
    (exports._start as () => void)();
  } catch (e) {
    thrown = e;
  }
  io.http.close();
  return classifyOutcome(io, {
    thrown,
    fuelLimit: job.fuel,
    fuelLeft: fuelGlobal ? (fuelGlobal.value as bigint) : undefined,
    memoryMb: job.memoryMb,
    timeMs: performance.now() - started,
  });
}
