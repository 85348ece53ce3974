/**
 * A Solana request's settlement for the request page, in the shape the page reads for NEAR's
 * request view (status, charged, refunded, resolved_by, resources_used), plus the rent the closed
 * request account returned. Read from the chain (the settling event in the request's recorded
 * resolve transaction), not from the worker's report: the program closes the request account
 * when it settles, so the event is the only record.
 */
import { settlementInTransaction } from '../../contracts/solana/client/settlement.ts';
import type { DashboardSolana } from './DashboardDeps.ts';

export interface SolanaSettlementView {
  status: string;
  charged: string;
  refunded: string;
  rent_refunded: string;
  resolved_by: string | null;
  resources_used: { instructions: number; time_ms: number; compile_time_ms: number } | null;
}

/** null when the transaction carries no settlement of this request (e.g. it failed on-chain). */
export async function solanaSettlementView(solana: DashboardSolana, resolveTx: string, requestId: string): Promise<SolanaSettlementView | null> {
  const s = await settlementInTransaction(solana.client, resolveTx, BigInt(requestId));
  if (!s) return null;
  const u = s.resourcesUsed;
  return {
    status: s.kind === 'cancelled' ? 'cancelled' : s.success ? 'resolved' : 'resolved (failed)',
    charged: s.charged.toString(),
    refunded: s.refund.toString(),
    rent_refunded: s.rentRefund.toString(),
    resolved_by: s.worker,
    resources_used: u ? { instructions: Number(u.instructions), time_ms: Number(u.timeMs), compile_time_ms: Number(u.compileTimeMs) } : null,
  };
}
