/**
 * The names the instrumenter adds to a module, shared with the runtime that links and reads it.
 * The runtime finds the fuel counter by these names; nothing else about the module's layout is promised.
 */

/** Export name of the fuel counter (a mutable i64 global) in `fuelGlobal: 'export'` mode. */
export const FUEL_GLOBAL_EXPORT = 'errand_fuel_left';
/** Import module and field of the fuel counter in `fuelGlobal: 'import'` mode. */
export const FUEL_IMPORT_MODULE = 'errand';
export const FUEL_IMPORT_NAME = 'fuel_left';
/** Export name of the stack budget (a mutable i64 global) when the cost model has a stack. */
export const STACK_GLOBAL_EXPORT = 'errand_stack_left';
/** Export name of the start function when `deferStart` removed the start section. */
export const DEFERRED_START_EXPORT = 'errand_start';
