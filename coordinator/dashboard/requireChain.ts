/** The chain reads a dashboard route needs, or the coded "not configured" error the page shows. */
import { ErrandError } from '../../common/errors/index.ts';
import type { DashboardDeps } from './DashboardDeps.ts';

export function nearOf(deps: DashboardDeps): NonNullable<DashboardDeps['near']> {
  if (!deps.near)
    throw new ErrandError('COMMON__UNAVAILABLE', 'this coordinator has no NEAR RPC configured (NEAR_RPC_URL, ERRAND_CONTRACT_ID)', {
      service: 'near',
      reason: 'not configured',
    });
  return deps.near;
}

export function solanaOf(deps: DashboardDeps): NonNullable<DashboardDeps['solana']> {
  if (!deps.solana)
    throw new ErrandError('COMMON__UNAVAILABLE', 'this coordinator has no Solana RPC configured (SOLANA_RPC_URL, SOLANA_PROGRAM_ID)', {
      service: 'solana',
      reason: 'not configured',
    });
  return deps.solana;
}
