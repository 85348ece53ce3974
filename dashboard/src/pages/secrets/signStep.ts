/**
 * The last step of a new secrets entry: the quoted envelope is signed and stored (by the dev account
 * or the user's wallet) only on an explicit click. The button shows only while a quote is offered;
 * any edit of the form withdraws it, so what is signed is what is on screen.
 */
import { describeError } from '../../api.ts';
import { h } from '../../dom.ts';
import type { Quote, Signer, StoreEntry } from '../../signer.ts';
import { say } from './say.ts';

export interface QuotedEntry {
  entry: StoreEntry;
  quote: Quote;
  signer: Signer;
}

export interface SignStep {
  button: HTMLButtonElement;
  offer(quoted: QuotedEntry): void;
  withdraw(): void;
}

/** `stored` runs after a successful store with the signer's outcome text. */
export function signStep(msg: HTMLElement, stored: (text: string) => Promise<void>): SignStep {
  const sign = h('button', { type: 'button', hidden: true }, 'Sign and store');
  let pending: QuotedEntry | null = null;
  sign.addEventListener('click', () => {
    if (!pending) return;
    const { entry, quote, signer } = pending;
    sign.disabled = true;
    say(msg, 'notice', signer.kind === 'dev' ? 'Signing as the dev account…' : 'Waiting for your wallet…');
    signer.storeSecrets(entry, quote).then(
      async (text) => {
        sign.disabled = false;
        sign.hidden = true;
        pending = null;
        await stored(text);
      },
      (err: unknown) => {
        sign.disabled = false;
        say(msg, 'error', describeError(err));
      },
    );
  });
  return {
    button: sign,
    offer: (quoted) => {
      pending = quoted;
      sign.hidden = false;
    },
    withdraw: () => {
      pending = null;
      sign.hidden = true;
    },
  };
}
