/**
 * `errand secrets store|list|delete --chain solana`: the Errand Solana program through
 * keystore/client/solanaSecretsOnChain.ts, signed with a solana-keygen keypair file (--keypair or
 * SOLANA_KEYPAIR; never printed). Flags: --rpc-url (SOLANA_RPC_URL), --ws-url (SOLANA_WS_URL),
 * --program (ERRAND_SOLANA_PROGRAM_ID). Without an RPC URL, the running `errand dev --chain solana`
 * stack of --data-dir (.errand/dev) is used: its RPC, PubSub, program and dev user's keypair file.
 * Bad input is a usage error before anything is paid.
 */
import { PublicKey, type Keypair } from '@solana/web3.js';
import { withTimeout } from '../../common/abort.ts';
import { validateStoreContent } from '../../keystore/client/prepareStoreSecrets.ts';
import { loadSolanaKeypair } from '../../keystore/client/solanaKeypair.ts';
import {
  deleteSolanaSecrets,
  listSolanaSecrets,
  solanaSecretsClient,
  storeSolanaSecrets,
  type SolanaTarget,
} from '../../keystore/client/solanaSecretsOnChain.ts';
import { assertProfile } from '../../keystore/envelope/scope.ts';
import { isSolanaAddress } from '../../keystore/envelope/solanaAddress.ts';
import { DEFAULT_DATA_DIR, readStackFile, stackSide, type SolanaStackSide } from '../dev/stackFile.ts';
import { branchLabel, CALL_TIMEOUT_MS, invalid, rpcUrlFrom, type Flags } from './flags.ts';

/** The local stack's Solana side, when no RPC URL was given (flag or environment). */
function devStack(values: Flags): SolanaStackSide | null {
  if (values['rpc-url'] !== undefined || process.env.SOLANA_RPC_URL) return null;
  return stackSide(readStackFile(values['data-dir'] ?? DEFAULT_DATA_DIR), 'solana');
}

/** `encrypt --chain solana` against the local stack: its dev user as owner, its coordinator for the key. */
export function solanaEncryptDefaults(dataDir: string | undefined): { owner: string; coordinatorUrl: string } {
  const dev = stackSide(readStackFile(dataDir ?? DEFAULT_DATA_DIR), 'solana');
  return { owner: dev.user, coordinatorUrl: dev.coordinatorUrl };
}

function solanaTarget(values: Flags): SolanaTarget {
  const dev = devStack(values);
  if (dev) return { rpcUrl: dev.rpcUrl, wsUrl: values['ws-url'] ?? dev.wsUrl, programId: values.program ?? dev.programId };
  const rpcUrl = rpcUrlFrom(values, 'SOLANA_RPC_URL');
  const programId = values.program ?? process.env.ERRAND_SOLANA_PROGRAM_ID;
  if (!programId) throw invalid('give --program ID or ERRAND_SOLANA_PROGRAM_ID', 'program');
  if (!isSolanaAddress(programId)) throw invalid('--program / ERRAND_SOLANA_PROGRAM_ID is not a base58 Solana public key', 'program');
  const wsUrl = values['ws-url'] ?? process.env.SOLANA_WS_URL;
  return { rpcUrl, programId, ...(wsUrl !== undefined && { wsUrl }) };
}

function solanaSigner(values: Flags): Keypair {
  const dev = values.keypair === undefined && !process.env.SOLANA_KEYPAIR ? devStack(values) : null;
  const keypair = loadSolanaKeypair(values.keypair ?? dev?.keypairFile);
  if (!keypair) throw invalid('give --keypair FILE or SOLANA_KEYPAIR to sign', 'keypair');
  return keypair;
}

export async function storeOnSolana(values: Flags, condition: unknown): Promise<number> {
  if (values.deposit !== undefined) throw invalid("--deposit is NEAR's: a Solana entry is paid by its rent", 'deposit');
  validateStoreContent(values.envelope!, condition, 'solana');
  assertProfile(values.profile);
  const target = solanaTarget(values);
  const owner = solanaSigner(values);
  const input = { repo: values.repo!, branch: values.branch ?? null, profile: values.profile!, envelope: values.envelope!, condition };
  const r = await storeSolanaSecrets(solanaSecretsClient(target, owner), input, withTimeout(undefined, CALL_TIMEOUT_MS));
  console.log(
    `stored secrets: owner ${owner.publicKey.toBase58()} repo ${input.repo} branch ${branchLabel(input.branch)} profile ${input.profile} on ${target.programId}`,
  );
  console.log(`rent: ${r.rent} lamports (refunded by delete), tx ${r.signature}`);
  return 0;
}

export async function listOnSolana(values: Flags): Promise<number> {
  const owner = values.owner ?? loadSolanaKeypair(values.keypair)?.publicKey.toBase58() ?? devStack(values)?.user;
  if (!owner || !isSolanaAddress(owner)) throw invalid('--owner (a base58 Solana public key) is required', 'owner');
  const target = solanaTarget(values);
  const entries = await listSolanaSecrets(solanaSecretsClient(target), new PublicKey(owner));
  console.log(`secrets of ${owner} on ${target.programId}: ${entries.length}`);
  for (const e of entries) console.log(`repo ${e.repo} branch ${branchLabel(e.branch)} profile ${e.profile} rent ${e.storageDeposit}`);
  return 0;
}

export async function deleteOnSolana(values: Flags): Promise<number> {
  const target = solanaTarget(values);
  const owner = solanaSigner(values);
  const key = { repo: values.repo!, branch: values.branch ?? null, profile: values.profile! };
  const r = await deleteSolanaSecrets(solanaSecretsClient(target, owner), key, withTimeout(undefined, CALL_TIMEOUT_MS));
  console.log(
    `deleted secrets: owner ${owner.publicKey.toBase58()} repo ${key.repo} branch ${branchLabel(key.branch)} profile ${key.profile} on ${target.programId}`,
  );
  console.log(`refunded: ${r.refunded} lamports, tx ${r.signature}`);
  return 0;
}
