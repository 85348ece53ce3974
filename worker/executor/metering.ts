/**
 * The executor's view of the fuel instrumenter (worker/executor/instrument, owned separately):
 * the names of what instrumented modules export or import, and one `meter` call that
 * instruments with the options the executor always uses.
 */
export const FUEL_GLOBAL_EXPORT = 'errand_fuel_left';
export const FUEL_IMPORT_MODULE = 'errand';
export const FUEL_IMPORT_NAME = 'fuel_left';
export const DEFERRED_START_EXPORT = 'errand_start';

export interface MeterOptions {
  fuelGlobal: 'export' | 'import';
  memoryMaxPages: number;
  /** Default true: the runner sets the fuel, then calls DEFERRED_START_EXPORT itself. */
  deferStart?: boolean;
}

interface InstrumentApi {
  instrumentModule(
    bytes: Uint8Array,
    options: { initialFuel: bigint; fuelGlobal?: 'export' | 'import'; memoryMaxPages?: number; deferStart?: boolean },
  ): Uint8Array;
}

let api: Promise<InstrumentApi> | undefined;
const INSTRUMENT_ENTRY = './instrument/index.ts';

/**
 * Instruments `bytes` for the executor: counter initialised to 0 (the runner sets it before each
 * run), start function deferred to DEFERRED_START_EXPORT, memory maximum at the cap. Throws the
 * instrumenter's coded errors (invalid module, unsupported feature, memory limit).
 */
export async function meter(bytes: Uint8Array, options: MeterOptions): Promise<Uint8Array> {
  api ??= import(INSTRUMENT_ENTRY) as Promise<InstrumentApi>;
  const { instrumentModule } = await api;
  return instrumentModule(bytes, { initialFuel: 0n, deferStart: true, ...options });
}
