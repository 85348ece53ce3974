/**
 * Which (chain, contract) pairs this keystore trusts, and the reader for each. A request, worker
 * registry or secrets entry is only ever read from a configured contract: otherwise anyone could
 * deploy a contract that copies a victim's envelope next to an AllowAll condition.
 */
import { ErrandError } from '../../common/errors/index.ts';
import type { ChainReader } from '../../common/ports/index.ts';

export interface TrustedContract {
  reader: ChainReader;
  contractId: string;
}

export interface TrustedChains {
  /** The reader for a trusted contract; throws KEYSTORE__CONTRACT_NOT_TRUSTED otherwise. */
  readerFor(chain: string, contractId: string): ChainReader;
}

export function createTrustedChains(contracts: TrustedContract[]): TrustedChains {
  const byKey = new Map(contracts.map((c) => [`${c.reader.chain}\u0000${c.contractId}`, c.reader]));
  return {
    readerFor(chain, contractId) {
      const reader = byKey.get(`${chain}\u0000${contractId}`);
      if (!reader) {
        throw new ErrandError('KEYSTORE__CONTRACT_NOT_TRUSTED', `contract ${contractId} on ${chain} is not trusted by this keystore`, {
          chain,
          contractId,
        });
      }
      return reader;
    },
  };
}
