/**
 * Wires the keystore to the NEAR contract it trusts: a NearChainReader (contracts/near/client)
 * over the configured RPC URL, for exactly one contract id. A contract without an RPC URL is a
 * configuration error (the keystore never guesses the network); neither means no contract is
 * trusted and every decrypt is denied with KEYSTORE__CONTRACT_NOT_TRUSTED.
 * `probeNearContract` is a start-up check only: the chain may be down now and up later, so a
 * failure is reported (coded) for a warning, never fatal.
 */
import { withTimeout } from '../../common/abort.ts';
import { ErrandError, isErrandError } from '../../common/errors/index.ts';
import { ErrandNearClient } from '../../contracts/near/client/ErrandNearClient.ts';
import { NearChainReader } from '../../contracts/near/client/NearChainReader.ts';
import { nearProvider } from '../../contracts/near/client/provider.ts';
import type { TrustedContract } from './TrustedChains.ts';

export interface NearTrustSettings {
  nearContractId?: string;
  nearRpcUrl?: string;
}

export function trustedNearContracts(settings: NearTrustSettings): TrustedContract[] {
  const { nearContractId, nearRpcUrl } = settings;
  if (!nearContractId) return [];
  if (!nearRpcUrl) {
    throw new ErrandError('COMMON__CONFIG_INVALID', `a trusted NEAR contract (${nearContractId}) needs NEAR_RPC_URL (or --rpc-url)`, {
      issues: ['NEAR_RPC_URL: required when KEYSTORE_NEAR_CONTRACT_ID / ERRAND_CONTRACT_ID is set'],
    });
  }
  try {
    new URL(nearRpcUrl);
  } catch {
    throw new ErrandError('COMMON__CONFIG_INVALID', 'NEAR_RPC_URL is not a URL', { issues: ['NEAR_RPC_URL: not a URL'] });
  }
  return [{ reader: new NearChainReader(nearProvider(nearRpcUrl)), contractId: nearContractId }];
}

/** Reads the contract's `get_config`; returns null when it answers, else the coded reason. */
export async function probeNearContract(settings: Required<NearTrustSettings>, timeoutMs = 5_000): Promise<string | null> {
  try {
    await new ErrandNearClient(settings.nearContractId, nearProvider(settings.nearRpcUrl)).view('get_config', {}, withTimeout(undefined, timeoutMs));
    return null;
  } catch (e) {
    return isErrandError(e) ? `${e.code}: ${e.message}` : String(e);
  }
}
