/**
 * Charges host calls against the run's fuel counter (the same i64 global the metered code
 * decrements; see instrument/costModel.ts for the prices). The metered code writes its cached
 * counter back to the global before every call that may reach the host and reloads it after, so
 * a charge here is seen by the guest as if the call's instructions had run.
 *
 * A charge that takes the counter below zero leaves it there (the run reports its whole budget
 * used, as for instructions) and throws FuelExhausted, which unwinds the guest before the call
 * does anything. Unmetered runs (no counter) charge nothing.
 */
/**
 * An Error (without a `payload`), so that jco's glue rethrows it from host functions that return
 * a `result` instead of lowering it as the guest's error value.
 */
export class FuelExhausted extends Error {
  constructor() {
    super('fuel exhausted in a host call');
  }
}

export class HostMeter {
  private global: WebAssembly.Global | undefined;

  /** The run's counter, once the guest is instantiated (or from the start for components). */
  attach(global: WebAssembly.Global | undefined): void {
    this.global = global;
  }

  charge(fuel: number): void {
    const g = this.global;
    if (!g) return;
    const left = (g.value as bigint) - BigInt(fuel);
    g.value = left;
    if (left < 0n) throw new FuelExhausted();
  }
}
