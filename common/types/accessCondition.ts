/**
 * Who may have a secrets entry decrypted for their execution. Evaluated by the keystore for the
 * account that requested the execution, against chain state the keystore reads itself.
 * Amounts are decimal strings in the chain's smallest unit (yoctoNEAR, lamports, token base units).
 *
 * Each kind belongs to a chain (`CONDITION_CHAINS`): on NEAR accounts are account ids, on Solana
 * they are base58 public keys. A condition of the other chain's kind is refused (never evaluated).
 * `RequireNftOwnership` has a NEAR form (`contract`, NEP-171, optional `tokenId`) and a Solana
 * form (`mint`: the requester holds a token account of the mint with amount 1, decimals 0).
 */
import type { ChainId } from './request.ts';

export type AccessCondition =
  | { type: 'AllowAll' }
  | { type: 'Whitelist'; accounts: string[] }
  | { type: 'AccountPattern'; pattern: string }
  | { type: 'RequireNearBalance'; min: string }
  | { type: 'RequireFtBalance'; contract: string; min: string }
  | { type: 'RequireNftOwnership'; contract: string; tokenId?: string }
  | { type: 'RequireSolBalance'; min: string }
  | { type: 'RequireSplTokenBalance'; mint: string; min: string }
  | { type: 'RequireNftOwnership'; mint: string }
  | { type: 'Logic'; op: 'AND' | 'OR' | 'NOT'; conditions: AccessCondition[] };

/** The chains each kind is defined for (RequireNftOwnership: by its form, see conditionChains). */
export const CONDITION_CHAINS: Record<Exclude<AccessCondition['type'], 'RequireNftOwnership'>, readonly ChainId[]> = {
  AllowAll: ['near', 'solana'],
  Whitelist: ['near', 'solana'],
  AccountPattern: ['near'],
  RequireNearBalance: ['near'],
  RequireFtBalance: ['near'],
  RequireSolBalance: ['solana'],
  RequireSplTokenBalance: ['solana'],
  Logic: ['near', 'solana'],
};

/** The chains one condition node (not its children) is defined for. */
export function conditionChains(c: AccessCondition): readonly ChainId[] {
  if (c.type === 'RequireNftOwnership') return 'mint' in c ? ['solana'] : ['near'];
  return CONDITION_CHAINS[c.type];
}
