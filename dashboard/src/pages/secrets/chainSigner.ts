/**
 * Which chain the secrets page works on and who signs there. NEAR: the dev accounts of `errand dev`,
 * or the MyNearWallet account signed in on a real network. Solana (offered only when the coordinator
 * serves the program): the connected Wallet Standard wallet, whose account is then the owner.
 * Switching chains clears the listing (`switched`) and fills the owner for the new chain; once an
 * account is known, `accountKnown` lists its entries.
 */
import { field, h, replace, select } from '../../dom.ts';
import { signedInAccount } from '../../near/myNearWallet.ts';
import { nearSigner, solanaSigner, type Signer } from '../../signer.ts';
import type { DashboardConfig } from '../../types.ts';
import { nearWalletBox } from '../nearWalletBox.ts';
import { solanaWalletPicker } from '../solanaWalletPicker.ts';

export interface ChainSigner {
  /** In page order: the signing notice, the chain choice (when there is one), the wallet rows and their message line. */
  elements: Array<HTMLElement | null>;
  signer(): Signer;
  stop(): void;
}

export function chainSigner(config: DashboardConfig, owner: HTMLInputElement, hooks: { switched(): void; accountKnown(): void }): ChainSigner {
  const solana = config.chains.find((c) => c.chain === 'solana' && c.ready && c.contractId);
  const near = nearSigner(config);
  let signer: Signer = near;
  const walletMsg = h('p', { 'aria-live': 'polite' });
  // NEAR on a real network: the wallet row (it also reports a write the wallet just sent back).
  const nearBox =
    config.signing.kind === 'wallet'
      ? nearWalletBox(config.nearWalletUrl, walletMsg, (account) => {
          if (chainChoice.value !== 'near') return;
          owner.value = account ?? '';
          if (account) hooks.accountKnown();
        })
      : null;
  const nearAccount = (): string => (config.signing.kind === 'dev' ? (config.signing.accounts[0] ?? '') : (signedInAccount() ?? ''));
  owner.value = nearAccount();
  const chainChoice = select(
    'chain',
    solana
      ? [
          ['near', 'NEAR'],
          ['solana', 'Solana'],
        ]
      : [['near', 'NEAR']],
    'near',
  );
  const walletBox = h('div', { hidden: true });
  let stopPicker = (): void => undefined;
  const notice = h('p', { class: 'notice' });
  const describeSigning = (): void => {
    replace(
      notice,
      signer.kind === 'dev'
        ? `Development: transactions are signed as ${config.signing.kind === 'dev' ? config.signing.accounts.join(', ') : ''} by errand dev. Values are encrypted in this page; only ciphertext is sent.`
        : 'Transactions are signed with your wallet. Values are encrypted in this page; only ciphertext is sent.',
    );
  };

  chainChoice.addEventListener('change', () => {
    stopPicker();
    hooks.switched();
    owner.readOnly = false;
    owner.value = chainChoice.value === 'near' ? nearAccount() : '';
    walletBox.hidden = chainChoice.value !== 'solana';
    if (nearBox) nearBox.hidden = chainChoice.value !== 'near';
    if (chainChoice.value === 'solana' && solana?.contractId) {
      const programId = solana.contractId;
      signer = solanaSigner(programId, null);
      const picker = solanaWalletPicker(config.solanaWalletChain, (wallet) => {
        signer = solanaSigner(programId, wallet);
        owner.value = wallet.address;
        owner.readOnly = true;
        hooks.accountKnown();
      });
      stopPicker = picker.stop;
      replace(walletBox, picker.el);
    } else {
      signer = near;
    }
    describeSigning();
  });
  describeSigning();

  return {
    elements: [notice, solana ? field('Chain', chainChoice) : null, nearBox, walletBox, walletMsg],
    signer: () => signer,
    stop: () => stopPicker(),
  };
}
