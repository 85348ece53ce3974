/**
 * Where DCAP collateral comes from. The verifier never fetches: it asks a provider for the
 * collateral of one FMSPC (read from the quote's PCK certificate) and verifies whatever it gets.
 */
import type { DcapCollateral } from '../dcap/collateral.ts';

export interface CollateralProvider {
  collateralFor(kind: 'tdx' | 'sgx', fmspc: string, pckCa: 'platform' | 'processor', signal?: AbortSignal): Promise<DcapCollateral>;
}

/** One fixed collateral set (tests, `errand attest verify --collateral`, offline operators). */
export class StaticCollateralProvider implements CollateralProvider {
  constructor(readonly collateral: DcapCollateral) {}
  collateralFor(): Promise<DcapCollateral> {
    return Promise.resolve(this.collateral);
  }
}
