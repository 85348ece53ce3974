/**
 * `errand instrument IN.wasm OUT.wasm --fuel N`: writes the fuel-metered module. The output
 * needs no imports beyond the input's own; its counter is a mutable i64 global initialised to N
 * and exported as `errand_fuel_left`; running out traps (`unreachable`) with the counter below zero.
 * Exit 2 for bad arguments or an unreadable input, 1 for an invalid or unsupported module.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { ErrandError } from '../../common/errors/index.ts';
import { FUEL_GLOBAL_EXPORT, instrumentModule } from '../../worker/executor/instrument/index.ts';

export const summary = 'write a fuel-metered copy of a WebAssembly module: instrument IN.wasm OUT.wasm --fuel N';

const USAGE = 'usage: errand instrument IN.wasm OUT.wasm --fuel N';

function badArgument(message: string, field?: string): ErrandError<'COMMON__INVALID_ARGUMENT'> {
  return new ErrandError('COMMON__INVALID_ARGUMENT', `${message} (${USAGE})`, { issues: [message], ...(field ? { field } : {}) });
}

function parseFuel(text: string | undefined): bigint {
  if (text === undefined) throw badArgument('--fuel N is required', 'fuel');
  if (!/^\d+$/.test(text)) throw badArgument(`--fuel must be a non-negative integer, got '${text}'`, 'fuel');
  const fuel = BigInt(text);
  if (fuel > (1n << 63n) - 1n) throw badArgument('--fuel must be below 2^63', 'fuel');
  return fuel;
}

export async function run(argv: string[]): Promise<number> {
  const parsed = parseArgs({ args: argv, allowPositionals: true, options: { fuel: { type: 'string' } } });
  const [input, output, ...extra] = parsed.positionals;
  if (!input || !output || extra.length > 0) throw badArgument('expected exactly IN.wasm and OUT.wasm');
  const fuel = parseFuel(parsed.values.fuel);
  let bytes: Uint8Array;
  try {
    bytes = await readFile(input);
  } catch (e) {
    throw badArgument(`cannot read ${input}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`, 'IN.wasm');
  }
  const metered = instrumentModule(bytes, { initialFuel: fuel });
  try {
    await writeFile(output, metered);
  } catch (e) {
    throw badArgument(`cannot write ${output}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`, 'OUT.wasm');
  }
  console.log(`instrumented ${input} -> ${output}: ${bytes.length} -> ${metered.length} bytes, fuel ${fuel} in global ${FUEL_GLOBAL_EXPORT}`);
  return 0;
}

export { USAGE as usage };
