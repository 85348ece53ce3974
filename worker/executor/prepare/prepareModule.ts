/**
 * Prepares a WASI preview 1 command for the warm path: instrument (fuel counter exported, memory
 * maximum lowered to the cap, start function deferred so fuel is set before it runs), compile,
 * and check at link time that every import is a preview 1 function (or an `errand_http` one) the host provides and that
 * there is a `_start`. The instrumented module works for any fuel: the runner sets the counter.
 */
import { failed, type Prepared } from './Prepared.ts';
import { instrumentFailure } from './instrumentError.ts';
import { meter } from '../metering.ts';
import { PREVIEW1_FUNCTIONS, PREVIEW1_MODULE } from '../wasi/preview1/createPreview1Imports.ts';
import { ERRAND_HTTP_FUNCTIONS, ERRAND_HTTP_MODULE } from '../wasi/preview1/errandHttpCalls.ts';

export async function prepareModule(bytes: Uint8Array, memoryMb: number, metered: boolean): Promise<Prepared> {
  let runnable = bytes;
  if (metered) {
    try {
      runnable = meter(bytes, { fuelGlobal: 'export', memoryMaxPages: memoryMb * 16 });
    } catch (e) {
      return instrumentFailure(e);
    }
  }
  let module: WebAssembly.Module;
  try {
    module = await WebAssembly.compile(runnable);
  } catch (e) {
    return failed('invalid_module', 'EXECUTOR__NOT_WASM', `module does not validate: ${(e as Error).message}`);
  }
  for (const imp of WebAssembly.Module.imports(module)) {
    const known = imp.module === PREVIEW1_MODULE ? PREVIEW1_FUNCTIONS : imp.module === ERRAND_HTTP_MODULE ? ERRAND_HTTP_FUNCTIONS : undefined;
    if (imp.kind !== 'function' || !known?.has(imp.name)) {
      return failed('invalid_module', 'EXECUTOR__UNKNOWN_IMPORT', `unknown import ${imp.module}.${imp.name} (${imp.kind})`);
    }
  }
  const exports = WebAssembly.Module.exports(module);
  if (!exports.some((e) => e.name === '_start' && e.kind === 'function')) {
    return failed('invalid_module', 'EXECUTOR__NO_ENTRY_POINT', 'the module exports no _start function (not a WASI command)');
  }
  return { kind: 'module', module };
}
