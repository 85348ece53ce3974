/** Test helpers for the local chain: assemble the WAT probe contract, NEAR amounts. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import createWabt from 'wabt';

export const NEAR = 10n ** 24n;
let wabt: ReturnType<typeof createWabt> | undefined;

export async function probeWasm(): Promise<Uint8Array> {
  wabt ??= createWabt();
  const w = await wabt;
  const src = readFileSync(fileURLToPath(new URL('./fixtures/probe.wat', import.meta.url)), 'utf8');
  const parsed = w.parseWat('probe.wat', src, {});
  try {
    parsed.resolveNames();
    parsed.validate();
    return new Uint8Array(parsed.toBinary({}).buffer);
  } finally {
    parsed.destroy();
  }
}

export const errandWasm = (): Uint8Array => new Uint8Array(readFileSync(fileURLToPath(new URL('../../../contracts/near/errand.wasm', import.meta.url))));
