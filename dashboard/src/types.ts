/** The shapes the dashboard API answers with (coordinator/http/routes/dashboardApi.ts). */
export interface DashboardRequest {
  id: string;
  chain: string;
  contractId: string;
  requestId: string;
  senderId: string;
  payerId: string;
  source: { kind: 'git'; repo: string; commit: string; path?: string; target?: string } | { kind: 'wasm'; url: string; sha256: string };
  input: string;
  limits: { maxInstructions: number; maxMemoryMb: number; maxExecutionMs: number; maxCompileMs: number; maxScratchMb?: number };
  deposit: string;
  blockHeight: number;
  status: string;
  display: string;
  pinnedCommit: string | null;
  claimedBy: string | null;
  attempts: number;
  lastError: string | null;
  rejectCode: string | null;
  response: {
    success: boolean;
    output?: { format: 'text' | 'json' | 'bytes'; value: string } | { format: 'stored'; sha256: string; bytes: number };
    error?: { code: string; message: string };
    resourcesUsed: { instructions: number; timeMs: number; compileTimeMs: number };
    transcript?: unknown;
  } | null;
  resolveTx: string | null;
  /** NEAR: the receipt that logged the request; Solana: its transaction signature. */
  requestTx?: string;
  chainResolvedAt: string | null;
  createdAt: string;
}

/** GET /v1/dashboard/requests/:id/transcript. */
export type { DashboardTranscript as TranscriptView } from '../../coordinator/dashboard/transcriptView.ts';

export interface JobView {
  id: string;
  type: 'compile' | 'execute';
  status: string;
  lockedBy: string | null;
  attempts: number;
  lastError: string | null;
}

export interface DashboardConfig {
  chains: Array<{ chain: string; contractId: string | null; ready: boolean }>;
  devMode: boolean;
  /** Explorer URL templates (`{hash}`), null when the coordinator names none. */
  explorers?: { near: string | null; solana: string | null };
  /** Who signs NEAR transactions: the dev accounts under errand dev, else the user's wallet. Solana is always the user's wallet. */
  signing: { kind: 'dev'; accounts: string[] } | { kind: 'wallet' };
  /** The NEAR wallet (MyNearWallet redirect protocol) users sign with on a real network. */
  nearWalletUrl: string;
  /** The Wallet Standard chain a Solana wallet signs for (the coordinator's cluster), e.g. solana:localnet. */
  solanaWalletChain: string;
}
