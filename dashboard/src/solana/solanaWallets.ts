/**
 * Solana wallets found in the page through the Wallet Standard (how Phantom, Solflare, Backpack
 * and others announce themselves: @wallet-standard/app's getWallets()). A wallet is usable here when
 * it supports the coordinator's Solana chain and has `standard:connect` and
 * `solana:signTransaction`: the page builds the transaction, the wallet signs it, and the
 * coordinator relays it (the page may reach no RPC node itself). A wallet that only signs and sends
 * is listed as unsupported rather than half used.
 */
import { getWallets } from '@wallet-standard/app';
import type { Wallet, WalletAccount } from '@wallet-standard/base';
import { ErrandError } from '../../../common/errors/index.ts';

const CONNECT = 'standard:connect';
const SIGN_TRANSACTION = 'solana:signTransaction';

/** The two feature shapes used, as the Wallet Standard and @solana/wallet-standard-features define them. */
interface ConnectFeature {
  connect(input?: { silent?: boolean }): Promise<{ accounts: readonly WalletAccount[] }>;
}
interface SignTransactionFeature {
  supportedTransactionVersions?: ReadonlyArray<'legacy' | 0>;
  signTransaction(...inputs: Array<{ account: WalletAccount; transaction: Uint8Array; chain?: string }>): Promise<Array<{ signedTransaction: Uint8Array }>>;
}

export interface ConnectedSolanaWallet {
  name: string;
  /** base58 address of the connected account (the secrets owner and fee payer). */
  address: string;
  /** Signs a legacy transaction in wire format; returns the signed wire bytes. */
  signTransaction(transaction: Uint8Array): Promise<Uint8Array>;
}

function feature<T>(wallet: Wallet, name: string): T | undefined {
  return (wallet.features as Record<string, T | undefined>)[name];
}

/** Why a wallet cannot be used for `chain`, or null when it can. */
export function unsupportedReason(wallet: Wallet, chain: string): string | null {
  if (!wallet.chains.includes(chain as `${string}:${string}`)) return `${wallet.name} does not offer ${chain}`;
  if (!feature(wallet, CONNECT)) return `${wallet.name} has no ${CONNECT}`;
  const sign = feature<SignTransactionFeature>(wallet, SIGN_TRANSACTION);
  if (!sign) return `${wallet.name} has no ${SIGN_TRANSACTION}`;
  if (sign.supportedTransactionVersions && !sign.supportedTransactionVersions.includes('legacy')) return `${wallet.name} does not sign legacy transactions`;
  return null;
}

/** Every Solana wallet registered so far (any chain `solana:*`), and a subscription to new ones. */
export function solanaWallets(onChange: () => void): { list: () => readonly Wallet[]; stop: () => void } {
  const registry = getWallets();
  const stop = registry.on('register', onChange);
  return { list: () => registry.get().filter((w) => w.chains.some((c) => c.startsWith('solana:'))), stop };
}

export async function connectSolanaWallet(wallet: Wallet, chain: string): Promise<ConnectedSolanaWallet> {
  const reason = unsupportedReason(wallet, chain);
  if (reason) throw new ErrandError('COMMON__INVALID_ARGUMENT', reason, { field: 'wallet' });
  const { accounts } = await feature<ConnectFeature>(wallet, CONNECT)!.connect();
  const account = accounts.find((a) => a.chains.includes(chain as `${string}:${string}`)) ?? accounts[0];
  if (!account) throw new ErrandError('COMMON__INVALID_ARGUMENT', `${wallet.name} connected no account`, { field: 'wallet' });
  const sign = feature<SignTransactionFeature>(wallet, SIGN_TRANSACTION)!;
  return {
    name: wallet.name,
    address: account.address,
    async signTransaction(transaction) {
      const [out] = await sign.signTransaction({ account, transaction, chain });
      if (!out?.signedTransaction) throw new ErrandError('COMMON__INVALID_ARGUMENT', `${wallet.name} returned no signed transaction`, { field: 'wallet' });
      return out.signedTransaction;
    },
  };
}
