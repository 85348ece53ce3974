/**
 * The owner's secrets entries on the chain the page works on (key and storage deposit only, never
 * a value), each with its Delete button. The same listing serves NEAR and Solana: the signer says
 * which chain to ask and how to show amounts.
 */
import { describeError, getJson } from '../../api.ts';
import { field, h, replace, table } from '../../dom.ts';
import type { Signer } from '../../signer.ts';
import { deleteButton } from './deleteButton.ts';
import { say } from './say.ts';

export interface ListedEntry {
  repo: string;
  branch: string | null;
  profile: string;
  storageDeposit: string;
}

export interface SecretsList {
  form: HTMLFormElement;
  /** The listing's message line (errors, and the outcome of a delete). */
  msg: HTMLElement;
  out: HTMLElement;
  list(): Promise<void>;
}

export function secretsList(owner: HTMLInputElement, signerNow: () => Signer): SecretsList {
  const out = h('div', { 'aria-live': 'polite' });
  const msg = h('p');
  const form = h('form', { 'aria-label': 'List secrets' }, h('div', { class: 'row' }, field('Owner account', owner), h('button', { type: 'submit' }, 'List')));

  const list = async (): Promise<void> => {
    try {
      const r = await getJson<{ entries: ListedEntry[] }>('/v1/dashboard/secrets', { chain: signerNow().chain, owner: owner.value.trim() });
      const signer = signerNow();
      replace(msg);
      msg.className = '';
      replace(
        out,
        r.entries.length === 0
          ? h('p', { class: 'muted' }, `${owner.value} has no secrets entries.`)
          : table(
              ['Repository', 'Branch', 'Profile', 'Storage deposit', ''],
              r.entries.map((e) => [
                e.repo,
                e.branch ?? 'any',
                e.profile,
                signer.amount(e.storageDeposit),
                deleteButton(signer, owner.value.trim(), e, msg, list),
              ]),
              `secrets entries of ${owner.value}`,
            ),
      );
    } catch (e) {
      say(msg, 'error', describeError(e));
    }
  };
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    void list();
  });
  return { form, msg, out, list };
}
