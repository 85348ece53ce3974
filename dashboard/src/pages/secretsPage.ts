/**
 * Secrets: list an owner's entries (key and storage deposit only), create one, delete one for its
 * storage refund, on NEAR or (when the coordinator serves the Solana program) on Solana. Key/value
 * pairs are encrypted here, in the browser, with the keystore's public key for the scope (fetched
 * through the coordinator) by the same envelope code as `errand secrets encrypt` (keystore/envelope,
 * bundled with @noble); only the envelope leaves the page. The storage cost is quoted before
 * anything is signed. On Solana the owner is the connected wallet's account (signer.ts).
 *
 * This file lays the page out; its parts are in secrets/: the chain and its signer
 * (chainSigner.ts), the listing with its Delete buttons (secretsList.ts), the create form
 * (createForm.ts) and its signing step (signStep.ts).
 */
import { describeError, getJson } from '../api.ts';
import { h, replace } from '../dom.ts';
import type { DashboardConfig } from '../types.ts';
import { chainSigner } from './secrets/chainSigner.ts';
import { createForm } from './secrets/createForm.ts';
import { secretsList } from './secrets/secretsList.ts';
import { textInput } from './secrets/textInput.ts';

export function secretsPage(main: HTMLElement): () => void {
  replace(main, h('h2', {}, 'Secrets'), h('p', {}, 'Loading…'));
  let stop = (): void => undefined;
  let left = false;
  getJson<DashboardConfig>('/v1/dashboard/config').then(
    (config) => {
      if (!left) stop = render(main, config);
    },
    (e: unknown) => replace(main, h('p', { class: 'error', role: 'alert' }, describeError(e))),
  );
  return () => {
    left = true;
    stop();
  };
}

function render(main: HTMLElement, config: DashboardConfig): () => void {
  const owner = textInput('owner');
  const listing = secretsList(owner, () => chain.signer());
  const chain = chainSigner(config, owner, {
    switched: () => {
      replace(listing.out);
      replace(listing.msg);
    },
    accountKnown: () => void listing.list(),
  });

  replace(
    main,
    h('h2', {}, 'Secrets'),
    ...chain.elements,
    h('h3', {}, 'Your secrets'),
    listing.form,
    listing.msg,
    listing.out,
    h('h3', {}, 'New secrets entry'),
    createForm(() => chain.signer(), owner, listing.list),
  );
  if (owner.value) void listing.list();
  return () => chain.stop();
}
