/**
 * Who signs the page's secrets transactions, per chain. NEAR under `errand dev`: the coordinator
 * holds the dev accounts' keys and signs for them (it receives the envelope the browser already
 * encrypted, never a plaintext). NEAR on real networks: the user's wallet through the MyNearWallet
 * redirect protocol (near/myNearWallet.ts): the page leaves for the wallet and the outcome is read
 * when the wallet sends the user back (nearWalletOutcome).
 * Solana: the user's Wallet Standard wallet signs a transaction the page builds
 * (solana/secretsTransaction.ts) and the coordinator relays it.
 */
import { ErrandError } from '../../common/errors/index.ts';
import { getJson, postJson } from './api.ts';
import { near, sol } from './format.ts';
import { deleteSecretsTransaction, MAX_TRANSACTION_BYTES, storeSecretsTransaction, type TxContext } from './solana/secretsTransaction.ts';
import type { ConnectedSolanaWallet } from './solana/solanaWallets.ts';
import { requestSignature, signedInAccount } from './near/myNearWallet.ts';
import { serializeNearTransaction } from './near/nearTransaction.ts';
import type { NearWalletTransaction } from '../../common/types/nearWalletTransaction.ts';
import type { DashboardConfig } from './types.ts';

export interface SecretsKey {
  owner: string;
  repo: string;
  branch: string | null;
  profile: string;
}

export type StoreEntry = SecretsKey & { envelope: string; condition: unknown };

/** A quoted entry, ready to sign: `accessCondition` is the condition as it will be stored. */
export interface Quote {
  text: string;
  accessCondition: unknown;
}

export interface Signer {
  chain: 'near' | 'solana';
  kind: 'dev' | 'wallet';
  /** Checks the entry as the chain and keystore will and says what storing it costs. */
  quote(entry: StoreEntry): Promise<Quote>;
  /** Stores a quoted entry; returns the sentence the page shows. */
  storeSecrets(entry: StoreEntry, quote: Quote): Promise<string>;
  deleteSecrets(key: SecretsKey, storageDeposit: string): Promise<string>;
  /** A deposit as the chain's currency. */
  amount(raw: string): string;
}

const PENDING_KEY = 'errand:near-wallet-pending';

interface PendingNearWrite {
  action: 'store' | 'delete';
  repo: string;
  profile: string;
  account: string;
}

/** Sends the user to the wallet with the write built from the coordinator's parts; never resolves (the page leaves). */
async function viaNearWallet(config: DashboardConfig, pending: Omit<PendingNearWrite, 'account'>, owner: string, body: unknown): Promise<never> {
  const account = signedInAccount();
  if (!account) throw new ErrandError('COMMON__INVALID_ARGUMENT', 'sign in with your NEAR wallet first', { field: 'wallet' });
  if (owner !== account) throw new ErrandError('COMMON__INVALID_ARGUMENT', `the wallet is signed in as ${account}, not ${owner}`, { field: 'owner' });
  const parts = await postJson<NearWalletTransaction>('/v1/dashboard/near/secrets/transaction', body);
  sessionStorage.setItem(PENDING_KEY, JSON.stringify({ ...pending, account } satisfies PendingNearWrite));
  requestSignature(config.nearWalletUrl, [serializeNearTransaction(parts)]);
  return new Promise<never>(() => undefined);
}

/** The sentence for a write the wallet sent (read back from the chain through the coordinator). */
export async function nearWalletOutcome(hashes: string[]): Promise<string> {
  const pending = JSON.parse(sessionStorage.getItem(PENDING_KEY) ?? 'null') as PendingNearWrite | null;
  sessionStorage.removeItem(PENDING_KEY);
  const hash = hashes[hashes.length - 1];
  if (!pending || !hash)
    throw new ErrandError('COMMON__INVALID_ARGUMENT', 'the wallet returned a transaction this page did not ask for', { field: 'transactionHashes' });
  const r = await getJson<{ success: boolean; value?: { storage_deposit?: string; refunded?: string }; failure?: { kind: string; message: string } }>(
    `/v1/dashboard/near/tx/${encodeURIComponent(hash)}`,
    { account: pending.account },
  );
  if (!r.success)
    throw new ErrandError('CHAIN__TX_FAILED', `the ${pending.action} transaction failed: ${r.failure?.message ?? ''}`, {
      txHash: hash,
      kind: r.failure?.kind ?? 'Failure',
      message: r.failure?.message ?? '',
    });
  return pending.action === 'store'
    ? `Stored ${pending.repo} ${pending.profile} through the NEAR wallet: storage deposit ${near(r.value?.storage_deposit)}, refunded ${near(r.value?.refunded)} of what was attached (transaction ${hash}).`
    : `Deleted ${pending.repo} ${pending.profile} through the NEAR wallet: storage refund ${near(r.value?.refunded)} (transaction ${hash}).`;
}

export function nearSigner(config: DashboardConfig): Signer {
  const quote = async (entry: StoreEntry): Promise<Quote> => {
    const q = await postJson<{ depositYocto: string; accessCondition: unknown }>('/v1/dashboard/secrets/quote', entry);
    return {
      text: `Storage deposit to attach: up to ${near(q.depositYocto)}; the contract refunds what storage does not use.`,
      accessCondition: q.accessCondition,
    };
  };
  if (config.signing.kind !== 'dev') {
    return {
      chain: 'near',
      kind: 'wallet',
      quote,
      storeSecrets: (entry) => viaNearWallet(config, { action: 'store', repo: entry.repo, profile: entry.profile }, entry.owner, { action: 'store', entry }),
      deleteSecrets: (key) => viaNearWallet(config, { action: 'delete', repo: key.repo, profile: key.profile }, key.owner, { action: 'delete', key }),
      amount: near,
    };
  }
  return {
    chain: 'near',
    kind: 'dev',
    quote,
    async storeSecrets(entry) {
      const r = await postJson<{ storageDepositYocto: string; refundedYocto: string }>('/v1/dashboard/dev/secrets', entry);
      return `Stored ${entry.repo} ${entry.profile}: storage deposit ${near(r.storageDepositYocto)}, refunded ${near(r.refundedYocto)} of what was attached.`;
    },
    async deleteSecrets(key) {
      const r = await postJson<{ refundedYocto: string }>('/v1/dashboard/dev/secrets/delete', key);
      return `Deleted ${key.repo} ${key.profile}: storage refund ${near(r.refundedYocto)}.`;
    },
    amount: near,
  };
}

function base64(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes));
}

function fromBase64(text: string): Uint8Array {
  return Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
}

/** The Solana signer of one connected wallet account (the owner of the entries it signs for); with
 * no wallet connected yet, quotes work and signing says to connect one. */
export function solanaSigner(programId: string, wallet: ConnectedSolanaWallet | null): Signer {
  const connected = (): ConnectedSolanaWallet => {
    if (!wallet) throw new ErrandError('COMMON__INVALID_ARGUMENT', 'connect a Solana wallet first', { field: 'wallet' });
    return wallet;
  };
  const context = async (owner: string): Promise<TxContext> => {
    const wallet = connected();
    if (owner !== wallet.address)
      throw new ErrandError('COMMON__INVALID_ARGUMENT', `${wallet.name} signs as ${wallet.address}, not ${owner}`, { field: 'owner' });
    const { blockhash } = await getJson<{ blockhash: string }>('/v1/dashboard/solana/blockhash');
    return { programId, owner, blockhash };
  };
  const signAndRelay = async (unsigned: Uint8Array): Promise<string> => {
    if (unsigned.length > MAX_TRANSACTION_BYTES) {
      throw new ErrandError('KEYSTORE__ENVELOPE_INVALID', `the transaction is ${unsigned.length} bytes; Solana accepts at most ${MAX_TRANSACTION_BYTES}`, {
        reason: 'transaction_too_large_for_solana',
      });
    }
    const signed = await connected().signTransaction(unsigned);
    return (await postJson<{ signature: string }>('/v1/dashboard/solana/send', { transaction: base64(signed) })).signature;
  };
  return {
    chain: 'solana',
    kind: 'wallet',
    async quote(entry) {
      const q = await postJson<{ rentLamports: string; accessCondition: unknown }>('/v1/dashboard/solana/secrets/quote', entry);
      return { text: `Rent to deposit: ${sol(q.rentLamports)}, returned when the entry is deleted.`, accessCondition: q.accessCondition };
    },
    async storeSecrets(entry, quote) {
      const c = await context(entry.owner);
      const condition = new TextEncoder().encode(JSON.stringify(quote.accessCondition));
      const signature = await signAndRelay(storeSecretsTransaction(c, entry, fromBase64(entry.envelope), condition));
      return `Stored ${entry.repo} ${entry.profile} on Solana, signed by ${connected().name}: transaction ${signature}.`;
    },
    async deleteSecrets(key, storageDeposit) {
      const signature = await signAndRelay(deleteSecretsTransaction(await context(key.owner), key));
      return `Deleted ${key.repo} ${key.profile}: rent refund ${sol(storageDeposit)} (transaction ${signature}).`;
    },
    amount: sol,
  };
}
