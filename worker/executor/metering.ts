/**
 * The executor's one entry into the fuel instrumenter (worker/executor/instrument, owned
 * separately): the names instrumented modules export or import, and `meter`, which instruments
 * with the options the executor always uses.
 */
import { instrumentModule } from './instrument/index.ts';

export { DEFERRED_START_EXPORT, FUEL_GLOBAL_EXPORT, FUEL_IMPORT_MODULE, FUEL_IMPORT_NAME } from './instrument/index.ts';

export interface MeterOptions {
  fuelGlobal: 'export' | 'import';
  memoryMaxPages: number;
  /** Default true: the runner sets the fuel, then calls DEFERRED_START_EXPORT itself. */
  deferStart?: boolean;
}

/**
 * Instruments `bytes`: counter initialised to 0 (the runner sets it before each run, so one
 * cached module serves any fuel), memory maximum at the cap. Throws the instrumenter's coded
 * errors (invalid module, unsupported feature, memory limit).
 */
export function meter(bytes: Uint8Array, options: MeterOptions): Uint8Array {
  return instrumentModule(bytes, { initialFuel: 0n, deferStart: true, ...options });
}
