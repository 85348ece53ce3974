/**
 * The secrets page's NEAR wallet row on a real network: sign in (a redirect to the wallet), the
 * account signed in, sign out; and, when the wallet has just sent the user back, what happened:
 * the write it signed read back from the chain, or its refusal code.
 */
import { describeError } from '../api.ts';
import { h, replace } from '../dom.ts';
import { signedInAccount, signIn, signOut, takeWalletReturn } from '../near/myNearWallet.ts';
import { nearWalletOutcome } from '../signer.ts';

export function nearWalletBox(walletUrl: string, msg: HTMLElement, onChange: (account: string | null) => void): HTMLElement {
  const el = h('div', { class: 'row', role: 'group', 'aria-label': 'NEAR wallet' });
  const say = (kind: 'error' | 'notice', text: string): void => {
    msg.className = kind;
    if (kind === 'error') msg.setAttribute('role', 'alert');
    else msg.removeAttribute('role');
    replace(msg, text);
  };
  const draw = (): void => {
    const account = signedInAccount();
    if (account) {
      const out = h('button', { type: 'button', class: 'secondary' }, 'Sign out');
      out.addEventListener('click', () => {
        signOut();
        draw();
        onChange(null);
      });
      replace(el, h('span', {}, `NEAR wallet: ${account}`), out);
    } else {
      const b = h('button', { type: 'button', class: 'secondary' }, 'Sign in with your NEAR wallet');
      b.addEventListener('click', () => signIn(walletUrl));
      replace(el, b);
    }
  };
  const back = takeWalletReturn();
  draw();
  if (back?.kind === 'sent') {
    say('notice', 'Reading the transaction your wallet sent…');
    nearWalletOutcome(back.hashes).then(
      (text) => {
        say('notice', text);
        onChange(signedInAccount());
      },
      (e: unknown) => say('error', describeError(e)),
    );
  } else if (back?.kind === 'refused') {
    say('error', `the wallet did not sign: ${back.code} (DASHBOARD__WALLET_REFUSED)`);
  }
  return el;
}
