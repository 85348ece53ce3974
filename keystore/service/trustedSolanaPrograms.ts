/**
 * Wires the keystore to the Errand Solana program it trusts: a SolanaChainReader
 * (contracts/solana/client) over the configured RPC URL, for exactly one program id. A program
 * without an RPC URL (or an id that is not a base58 public key) is a configuration error; neither
 * means no Solana program is trusted and every Solana decrypt is denied with
 * KEYSTORE__CONTRACT_NOT_TRUSTED. `probeSolanaProgram` is a start-up check only (the cluster may
 * be down now and up later): it reports a coded reason for a warning, never fails the start.
 */
import { Connection, PublicKey } from '@solana/web3.js';
import { ErrandError, isErrandError } from '../../common/errors/index.ts';
import { configAddress } from '../../contracts/solana/client/pdas.ts';
import { solanaRead } from '../../contracts/solana/client/solanaRead.ts';
import { SolanaChainReader } from '../../contracts/solana/client/SolanaChainReader.ts';
import type { TrustedContract } from './TrustedChains.ts';

export interface SolanaTrustSettings {
  solanaProgramId?: string;
  solanaRpcUrl?: string;
  /** `confirmed` (default) or `finalized`: the commitment every keystore read waits for. */
  solanaCommitment?: 'confirmed' | 'finalized';
}

function invalid(issue: string): ErrandError {
  return new ErrandError('COMMON__CONFIG_INVALID', issue, { issues: [issue] });
}

export function trustedSolanaPrograms(settings: SolanaTrustSettings): TrustedContract[] {
  const { solanaProgramId, solanaRpcUrl } = settings;
  if (!solanaProgramId) return [];
  let programId: PublicKey;
  try {
    programId = new PublicKey(solanaProgramId);
  } catch {
    throw invalid('KEYSTORE_SOLANA_PROGRAM_ID: not a base58 Solana public key');
  }
  if (!solanaRpcUrl) throw invalid(`KEYSTORE_SOLANA_RPC_URL: required when KEYSTORE_SOLANA_PROGRAM_ID (${solanaProgramId}) is set`);
  try {
    new URL(solanaRpcUrl);
  } catch {
    throw invalid('KEYSTORE_SOLANA_RPC_URL: not a URL');
  }
  const connection = new Connection(solanaRpcUrl, { commitment: settings.solanaCommitment ?? 'confirmed' });
  return [{ reader: new SolanaChainReader(connection, { commitment: settings.solanaCommitment ?? 'confirmed' }), contractId: programId.toBase58() }];
}

/** Reads the program's Config account; null when it exists, else the coded reason. */
export async function probeSolanaProgram(
  settings: Required<Pick<SolanaTrustSettings, 'solanaProgramId' | 'solanaRpcUrl'>>,
  timeoutMs = 5_000,
): Promise<string | null> {
  try {
    const connection = new Connection(settings.solanaRpcUrl, 'confirmed');
    const programId = new PublicKey(settings.solanaProgramId);
    const info = await solanaRead(connection, 'getAccountInfo', () => connection.getAccountInfo(configAddress(programId)), undefined, timeoutMs);
    if (!info || !info.owner.equals(programId)) return `no Errand Config account for program ${settings.solanaProgramId} (not deployed or not initialized)`;
    return null;
  } catch (e) {
    return isErrandError(e) ? `${e.code}: ${e.message}` : String(e);
  }
}
