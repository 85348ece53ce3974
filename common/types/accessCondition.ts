/**
 * Who may have a secrets entry decrypted for their execution. Evaluated by the keystore for the
 * account that requested the execution, against chain state the keystore reads itself.
 * Amounts are decimal strings in the chain's smallest unit.
 */
export type AccessCondition =
  | { type: 'AllowAll' }
  | { type: 'Whitelist'; accounts: string[] }
  | { type: 'AccountPattern'; pattern: string }
  | { type: 'RequireNearBalance'; min: string }
  | { type: 'RequireFtBalance'; contract: string; min: string }
  | { type: 'RequireNftOwnership'; contract: string; tokenId?: string }
  | { type: 'Logic'; op: 'AND' | 'OR' | 'NOT'; conditions: AccessCondition[] };
