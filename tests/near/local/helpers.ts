/** Test helpers for the local chain: assemble the WAT probe contract, NEAR amounts. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { wat } from '../../common/helpers/wat.ts';

export const NEAR = 10n ** 24n;

export function probeWasm(): Promise<Uint8Array> {
  return wat(readFileSync(fileURLToPath(new URL('./fixtures/probe.wat', import.meta.url)), 'utf8'));
}

export const errandWasm = (): Uint8Array => new Uint8Array(readFileSync(fileURLToPath(new URL('../../../contracts/near/errand.wasm', import.meta.url))));
