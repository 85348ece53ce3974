/**
 * The MyNearWallet redirect protocol, the one the NEAR Wallet Selector's my-near-wallet module
 * speaks (through near-api-js's WalletConnection): the page sends the user to `<wallet>/login/`
 * (success_url, failure_url) and gets `account_id` back in the query; to sign, to `<wallet>/sign`
 * with `transactions` (comma-separated base64 borsh transactions) and `callbackUrl`, and gets
 * `transactionHashes` (or `errorCode`) back. The official selector packages are not used: they
 * need Node's `util` in the browser and secp256k1's install script (see the README).
 */
const ACCOUNT_KEY = 'errand:near-wallet-account';

/** The page to come back to: this page's URL without any query. */
function here(): string {
  return `${location.origin}${location.pathname}${location.hash}`;
}

export function signedInAccount(): string | null {
  return localStorage.getItem(ACCOUNT_KEY);
}

export function signOut(): void {
  localStorage.removeItem(ACCOUNT_KEY);
}

export function signIn(walletUrl: string): void {
  const url = new URL(`${walletUrl}/login/`);
  url.searchParams.set('success_url', here());
  url.searchParams.set('failure_url', here());
  location.assign(url.toString());
}

export function requestSignature(walletUrl: string, transactions: Uint8Array[]): void {
  const url = new URL(`${walletUrl}/sign`);
  url.searchParams.set('transactions', transactions.map((t) => btoa(String.fromCharCode(...t))).join(','));
  url.searchParams.set('callbackUrl', here());
  location.assign(url.toString());
}

export type WalletReturn = { kind: 'signedIn'; account: string } | { kind: 'sent'; hashes: string[] } | { kind: 'refused'; code: string } | null;

/** What the wallet sent the user back with (once: the query is removed from the address bar). */
export function takeWalletReturn(): WalletReturn {
  const q = new URLSearchParams(location.search);
  let out: WalletReturn = null;
  const account = q.get('account_id');
  const hashes = q.get('transactionHashes');
  const code = q.get('errorCode');
  if (account && /^[a-z0-9._-]{2,64}$/.test(account)) {
    localStorage.setItem(ACCOUNT_KEY, account);
    out = { kind: 'signedIn', account };
  } else if (hashes) out = { kind: 'sent', hashes: hashes.split(',').filter((h) => /^[1-9A-HJ-NP-Za-km-z]{43,44}$/.test(h)) };
  else if (code) out = { kind: 'refused', code: code.slice(0, 64) };
  if (location.search) history.replaceState(null, '', here());
  return out;
}
