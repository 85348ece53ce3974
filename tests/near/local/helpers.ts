/** Test helpers for the local chain: assemble the WAT probe contract, a chain running it, NEAR amounts. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { LocalNear, type LocalNearOptions } from '../../../contracts/near/local/index.ts';
import { wat } from '../../common/helpers/wat.ts';

export const NEAR = 10n ** 24n;

export function probeWasm(): Promise<Uint8Array> {
  return wat(readFileSync(fileURLToPath(new URL('./fixtures/probe.wat', import.meta.url)), 'utf8'));
}

/** A chain (gas price 0 unless given) with the probe deployed on probe.test and other.test, and alice.test. */
export async function startProbeChain(opts: LocalNearOptions = {}): Promise<LocalNear> {
  const near = await LocalNear.start({ gasPrice: 0n, ...opts });
  const code = await probeWasm();
  for (const id of ['probe.test', 'other.test']) {
    near.createAccount(id, 10n * NEAR);
    near.deployContract(id, code);
  }
  near.createAccount('alice.test', 10n * NEAR);
  return near;
}

export const errandWasm = (): Uint8Array => new Uint8Array(readFileSync(fileURLToPath(new URL('../../../contracts/near/errand.wasm', import.meta.url))));
