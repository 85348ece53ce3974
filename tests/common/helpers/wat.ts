/** Assembles WebAssembly text for test fixtures (wabt), with every 2.0 feature enabled. */
import createWabt from 'wabt';

let wabt: ReturnType<typeof createWabt> | undefined;

export async function wat(source: string): Promise<Uint8Array> {
  wabt ??= createWabt();
  const w = await wabt;
  const parsed = w.parseWat('fixture.wat', source, {
    bulk_memory: true,
    reference_types: true,
    simd: true,
    multi_value: true,
    sign_extension: true,
    sat_float_to_int: true,
    mutable_globals: true,
  });
  try {
    parsed.resolveNames();
    parsed.validate();
    return new Uint8Array(parsed.toBinary({}).buffer);
  } finally {
    parsed.destroy();
  }
}
