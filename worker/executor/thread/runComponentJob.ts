/**
 * Runs one WASI preview 2 command component inside a pool thread: jco's instantiate() with our
 * deterministic preview 2 imports, each core module linked to one shared fuel global (the
 * instrumenter's `errand.fuel_left` import), then `wasi:cli/run#run`. A run that returns
 * `err` exits with code 1, as wasmtime reports it.
 */
import type { ExecutionResult } from '../../../common/types/execution.ts';
import { MODULE_CAPS, resourceLimit } from '../instrument/moduleCaps.ts';
import { FUEL_IMPORT_MODULE, FUEL_IMPORT_NAME } from '../metering.ts';
import { createPreview2Imports } from '../wasi/preview2/createPreview2Imports.ts';
import { ProcExit } from '../wasi/ProcExit.ts';
import { classifyOutcome } from './classifyOutcome.ts';
import { loadComponentGlue } from './loadComponentGlue.ts';
import { makeGuestIo } from './makeGuestIo.ts';
import type { ComponentJob } from './protocol.ts';

type RunInterface = { run(): void };

/** jco's ComponentError (a `run` that returned err) carries a `payload` own property. */
function isComponentError(e: unknown): boolean {
  return e instanceof Error && Object.prototype.hasOwnProperty.call(e, 'payload');
}

export async function runComponentJob(job: ComponentJob): Promise<ExecutionResult> {
  const started = performance.now();
  const limit = BigInt(job.fuel);
  const fuelGlobal = job.metered ? new WebAssembly.Global({ value: 'i64', mutable: true }, limit) : undefined;
  const fuelUsedSoFar = (): bigint => {
    if (!fuelGlobal) return 0n;
    const left = fuelGlobal.value as bigint;
    return left < 0n ? limit : limit - left;
  };
  const io = makeGuestIo(job, fuelUsedSoFar);
  io.meter.attach(fuelGlobal);
  let thrown: unknown;
  let instances = 0;
  try {
    const glue = await loadComponentGlue(job.key, job.jsSource);
    const exports = await glue.instantiate(
      (name) => job.coreModules[name],
      createPreview2Imports(io),
      (module, imports) => {
        // Each core instance holds V8-heap state: refuse past the cap before V8 creates one more.
        if (++instances > MODULE_CAPS.maxInstances) throw resourceLimit('core instances', instances, MODULE_CAPS.maxInstances);
        const linked = fuelGlobal ? { ...imports, [FUEL_IMPORT_MODULE]: { [FUEL_IMPORT_NAME]: fuelGlobal } } : imports;
        return new WebAssembly.Instance(module, linked as WebAssembly.Imports);
      },
    );
    const runKey = Object.keys(exports).find((k) => k.startsWith('wasi:cli/run@')) ?? 'run';
    (exports[runKey] as RunInterface).run();
  } catch (e) {
    thrown = isComponentError(e) ? new ProcExit(1) : e;
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
