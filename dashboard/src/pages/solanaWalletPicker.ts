/**
 * The secrets page's Solana wallet choice: one Connect button per Wallet Standard wallet in the page
 * (extensions register themselves, possibly after the page loaded, so the list follows
 * registrations), each unusable one shown with the reason. Connecting hands the account to `onConnect`.
 */
import type { Wallet } from '@wallet-standard/base';
import { describeError } from '../api.ts';
import { h, replace } from '../dom.ts';
import { connectSolanaWallet, solanaWallets, unsupportedReason, type ConnectedSolanaWallet } from '../solana/solanaWallets.ts';

export function solanaWalletPicker(chain: string, onConnect: (w: ConnectedSolanaWallet) => void): { el: HTMLElement; stop: () => void } {
  const el = h('div', { 'aria-label': 'Solana wallet', role: 'group' });
  const msg = h('p', { 'aria-live': 'polite' });
  const buttons = h('div', { class: 'row' });
  const connect = (wallet: Wallet, b: HTMLButtonElement): void => {
    b.disabled = true;
    msg.className = 'notice';
    msg.removeAttribute('role');
    replace(msg, `Waiting for ${wallet.name}…`);
    connectSolanaWallet(wallet, chain).then(
      (connected) => {
        replace(msg, `Connected ${connected.name}: ${connected.address}`);
        onConnect(connected);
      },
      (e: unknown) => {
        b.disabled = false;
        msg.className = 'error';
        msg.setAttribute('role', 'alert');
        replace(msg, describeError(e));
      },
    );
  };
  const draw = (): void => {
    const found = wallets.list();
    replace(
      buttons,
      ...(found.length === 0
        ? [h('p', { class: 'muted' }, `No Solana wallet found in this browser (a Wallet Standard wallet for ${chain}, e.g. Phantom, Solflare or Backpack).`)]
        : found.map((w) => {
            const reason = unsupportedReason(w, chain);
            const b = h('button', { type: 'button', class: 'secondary', disabled: reason !== null, title: reason ?? '' }, `Connect ${w.name}`);
            b.addEventListener('click', () => connect(w, b));
            return b;
          })),
    );
  };
  const wallets = solanaWallets(draw);
  draw();
  el.append(buttons, msg);
  return { el, stop: wallets.stop };
}
