/**
 * The on-chain half of secrets management on Solana, for `errand secrets ... --chain solana`:
 * store, list and delete entries of the Errand Solana program through ErrandSolanaClient, signed
 * by the owner's keypair. On-chain format (what SolanaChainReader reads back): the envelope as its
 * raw bytes (the base64 of `errand secrets encrypt` decoded), the access condition as UTF-8 JSON.
 * Checked locally first, so nothing the program or the keystore would refuse is paid for: scope
 * and profile, the envelope's shape, the condition in Solana's terms, the program's 1024-byte caps
 * and Solana's 1232-byte transaction limit. The entry is paid by its rent, refunded on delete.
 */
import { createHash } from 'node:crypto';
import { utils } from '@coral-xyz/anchor';
import { Connection, Keypair, PublicKey, Transaction } from '@solana/web3.js';
import { ErrandError } from '../../common/errors/index.ts';
import { secretsFrom } from '../../contracts/solana/client/anchorShapes.ts';
import { ErrandSolanaClient } from '../../contracts/solana/client/ErrandSolanaClient.ts';
import { assertProfile, assertScope } from '../envelope/scope.ts';
import { validateStoreContent } from './prepareStoreSecrets.ts';
import type { SecretsListEntry } from './secretsOnChain.ts';

/** store_secrets' caps (contracts/solana/program/layout.h MAX_ENVELOPE, MAX_ACCESS_CONDITION). */
export const MAX_SOLANA_ENVELOPE_BYTES = 1024;
export const MAX_SOLANA_CONDITION_BYTES = 1024;
const MAX_TRANSACTION_BYTES = 1232;

export interface SolanaTarget {
  rpcUrl: string;
  programId: string;
  /** PubSub endpoint for confirmations; default web3.js's (the RPC URL's, port + 1 when it names one). */
  wsUrl?: string;
}

export interface SolanaStoreInput {
  repo: string;
  branch: string | null;
  profile: string;
  /** The base64 envelope from `errand secrets encrypt --chain solana`. */
  envelope: string;
  condition: unknown;
}

export function solanaSecretsClient(target: SolanaTarget, signer: Keypair = Keypair.generate()): ErrandSolanaClient {
  const connection = new Connection(target.rpcUrl, { commitment: 'confirmed', ...(target.wsUrl !== undefined && { wsEndpoint: target.wsUrl }) });
  return new ErrandSolanaClient(connection, signer, new PublicKey(target.programId));
}

function tooLarge(what: string, bytes: number, max: number): ErrandError {
  return new ErrandError(
    'KEYSTORE__ENVELOPE_INVALID',
    `the ${what} is ${bytes} bytes; the Solana ${what === 'transaction' ? 'network' : 'program'} accepts at most ${max}`,
    { reason: `${what}_too_large_for_solana` },
  );
}

export async function storeSolanaSecrets(
  client: ErrandSolanaClient,
  input: SolanaStoreInput,
  signal?: AbortSignal,
): Promise<{ signature: string; rent: bigint }> {
  const owner = client.payer.publicKey;
  assertScope({ chain: 'solana', owner: owner.toBase58(), repo: input.repo, branch: input.branch });
  assertProfile(input.profile);
  const condition = validateStoreContent(input.envelope, input.condition, 'solana');
  const envelope = Buffer.from(input.envelope, 'base64');
  const accessCondition = Buffer.from(JSON.stringify(condition), 'utf8');
  if (envelope.length > MAX_SOLANA_ENVELOPE_BYTES) throw tooLarge('envelope', envelope.length, MAX_SOLANA_ENVELOPE_BYTES);
  if (accessCondition.length > MAX_SOLANA_CONDITION_BYTES) throw tooLarge('access condition', accessCondition.length, MAX_SOLANA_CONDITION_BYTES);
  const entry = { repo: input.repo, branch: input.branch, profile: input.profile, envelope, accessCondition };
  const ix = await client.storeSecretsIx(entry);
  const probe = new Transaction({ feePayer: owner, blockhash: PublicKey.default.toBase58(), lastValidBlockHeight: 0 }).add(ix);
  const size = probe.serializeMessage().length + 1 + 64;
  if (size > MAX_TRANSACTION_BYTES) throw tooLarge('transaction', size, MAX_TRANSACTION_BYTES);
  const sent = await client.sender.send(ix, client.payer, [], signal);
  const stored = await client.getSecrets(owner, input.repo, input.branch, input.profile);
  return { signature: sent.signature, rent: stored?.lamports ?? 0n };
}

export async function deleteSolanaSecrets(
  client: ErrandSolanaClient,
  key: { repo: string; branch: string | null; profile: string },
  signal?: AbortSignal,
): Promise<{ signature: string; refunded: bigint }> {
  assertProfile(key.profile);
  const entry = await client.getSecrets(client.payer.publicKey, key.repo, key.branch, key.profile);
  if (!entry) {
    throw new ErrandError('KEYSTORE__SECRETS_NOT_FOUND', 'no secrets entry of this owner for that repo, branch and profile', {
      owner: client.payer.publicKey.toBase58(),
      repo: key.repo,
      profile: key.profile,
    });
  }
  const sent = await client.deleteSecrets(key.repo, key.branch, key.profile, signal);
  return { signature: sent.signature, refunded: entry.lamports };
}

/** Every entry of `owner` (memcmp on the Secrets account's discriminator and owner field). */
export async function listSolanaSecrets(client: ErrandSolanaClient, owner: PublicKey): Promise<SecretsListEntry[]> {
  const disc = createHash('sha256').update('account:Secrets').digest().subarray(0, 8);
  const found = await client.connection.getProgramAccounts(client.programId, {
    commitment: 'confirmed',
    filters: [{ memcmp: { offset: 0, bytes: utils.bytes.bs58.encode(disc) } }, { memcmp: { offset: 8, bytes: owner.toBase58() } }],
  });
  return found.map(({ pubkey, account }) => {
    const e = secretsFrom(pubkey, account.lamports, client.program.coder.accounts.decode('secrets', account.data));
    return { repo: e.repo, branch: e.branch, profile: e.profile, storageDeposit: e.lamports.toString() };
  });
}
