/**
 * What the dashboard's server half needs beyond the ledger: a read client of each chain it shows
 * (costs, secrets entries, worker stakes, settlements), and — only in development (`errand dev`) —
 * a signer holding the dev accounts' keys, so the page can store and delete secrets without a
 * wallet. The dev signer receives envelopes that are already encrypted in the browser; it never
 * sees a plaintext secret. Solana: costs, worker accounts and secrets entries.
 */
import type { ErrandNearClient } from '../../contracts/near/client/ErrandNearClient.ts';
import type { ErrandSolanaClient } from '../../contracts/solana/client/ErrandSolanaClient.ts';

export interface DashboardNear {
  contractId: string;
  rpcUrl: string;
  /** A read-only client (views only). */
  client: ErrandNearClient;
}

export interface DashboardSolana {
  programId: string;
  /** Reads (config pricing, worker and secrets accounts) and relays what the user's wallet signed: its payer key never signs here. */
  client: ErrandSolanaClient;
}

export interface DevSigner {
  /** The dev accounts the page may sign as. */
  accounts: string[];
  /** A signing client for one of `accounts`. */
  clientFor(accountId: string): ErrandNearClient;
}

export interface DashboardDeps {
  near?: DashboardNear;
  solana?: DashboardSolana;
  /** Development only: never configured by `errand coordinator`. */
  devSigner?: DevSigner;
}
