/**
 * Refuses code that real NEAR could not run, when it is deployed: a WebAssembly feature the
 * configured protocol does not allow (vm/wasmFeatures.ts), or a module the metering cannot
 * prepare. nearcore prepares code at deployment too but reports a failure on the first call;
 * refusing the deployment makes the mistake visible where it is made. The prepared module is
 * cached by code hash for the calls.
 */
import { compileContract } from '../vm/compileContract.ts';
import { disallowedFeatures, wasmFeatures } from '../vm/wasmFeatures.ts';
import { sha256Base58, type ChainState } from './ChainState.ts';

/** Why `code` cannot be deployed at the chain's protocol version, or null when it can (and is now compiled). */
export function prepareContract(state: ChainState, code: Uint8Array): string | null {
  const refused = disallowedFeatures(wasmFeatures(code), state.protocol.referenceTypesBulkMemory);
  if (refused.length > 0) return `WebAssembly features not allowed at protocol ${state.protocol.version}: ${refused.join(', ')}`;
  const codeHash = sha256Base58(code);
  if (state.modules.has(codeHash)) return null;
  try {
    state.modules.set(codeHash, compileContract(code, state.protocol.maxStackHeight));
    return null;
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}
