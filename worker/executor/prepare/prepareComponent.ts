/**
 * Prepares a WASI preview 2 command component for the warm path: jco transpiles it in memory
 * (instantiation mode: the generated JS receives our imports and core modules), each core module
 * is instrumented (fuel counter imported from `errand.fuel_left`, so all of them share one
 * budget; memory maximum at the cap) and compiled. Imports outside the interfaces the host
 * serves are rejected here, at link time.
 */
import { transpile } from '@bytecodealliance/jco';
import { meter } from '../metering.ts';
import { PREVIEW2_INTERFACES } from '../wasi/preview2/createPreview2Imports.ts';
import { instrumentFailure } from './instrumentError.ts';
import { failed, type Prepared } from './Prepared.ts';

const GLUE_NAME = 'component';

export async function prepareComponent(bytes: Uint8Array, memoryMb: number, metered: boolean, key: string): Promise<Prepared> {
  let out: Awaited<ReturnType<typeof transpile>>;
  try {
    out = await transpile(bytes, {
      name: GLUE_NAME,
      instantiation: 'async',
      noTypescript: true,
      base64Cutoff: 0,
      quiet: true,
    });
  } catch (e) {
    return failed('invalid_module', 'EXECUTOR__COMPONENT_TRANSPILE_FAILED', `jco transpile failed: ${(e as Error).message ?? String(e)}`);
  }
  const unknown = out.imports.find((name) => !PREVIEW2_INTERFACES.has(name.replace(/@.*$/, '')));
  if (unknown) return failed('invalid_module', 'EXECUTOR__UNKNOWN_IMPORT', `the component imports ${unknown}, which the host does not provide`);
  if (!out.exports.some(([name]) => name.startsWith('wasi:cli/run@'))) {
    return failed('invalid_module', 'EXECUTOR__NO_ENTRY_POINT', 'the component exports no wasi:cli/run (not a command)');
  }
  const coreModules: Record<string, WebAssembly.Module> = {};
  for (const [name, file] of Object.entries(out.files)) {
    if (!name.endsWith('.wasm')) continue;
    let runnable = file;
    if (metered) {
      try {
        runnable = meter(file, { fuelGlobal: 'import', memoryMaxPages: memoryMb * 16, deferStart: false });
      } catch (e) {
        return instrumentFailure(e);
      }
    }
    try {
      coreModules[name] = await WebAssembly.compile(runnable);
    } catch (e) {
      return failed('invalid_module', 'EXECUTOR__NOT_WASM', `core module ${name} does not validate: ${(e as Error).message}`);
    }
  }
  const jsSource = new TextDecoder().decode(out.files[`${GLUE_NAME}.js`]);
  return { kind: 'component', key, jsSource, coreModules };
}
