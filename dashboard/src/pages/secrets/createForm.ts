/**
 * The form for a new secrets entry: repo, branch, profile, name/value pairs and the access condition.
 * "Encrypt and show the cost" checks the scope, encrypts the pairs in the page with the keystore's
 * public key for that scope (fetched through the coordinator) and quotes the storage cost; signing
 * is the separate step after it (signStep.ts).
 */
import type { ChainId } from '../../../../common/types/index.ts';
import { encryptSecrets, parseScopePublicKey } from '../../../../keystore/envelope/encryptSecrets.ts';
import { assertProfile, assertScope, type KeystoreScope } from '../../../../keystore/envelope/scope.ts';
import { describeError, getJson } from '../../api.ts';
import { field, h } from '../../dom.ts';
import type { Signer } from '../../signer.ts';
import { conditionEditor } from '../conditionBuilder.ts';
import { readPairs, type PairRow } from './readPairs.ts';
import { say } from './say.ts';
import { signStep } from './signStep.ts';
import { textInput } from './textInput.ts';

export function createForm(signerNow: () => Signer, owner: HTMLInputElement, reload: () => Promise<void>): HTMLElement {
  const repo = textInput('repo', { placeholder: 'https://github.com/you/program' });
  const branch = textInput('branch');
  const profile = textInput('profile', { value: 'default' });
  const pairsBox = h('div');
  const rows: PairRow[] = [];
  const addPair = (): void => {
    const key = textInput('secret-name');
    const value = h('input', { name: 'secret-value', type: 'password', autocomplete: 'off' });
    rows.push({ key, value });
    pairsBox.append(h('div', { class: 'row' }, field(`Name ${rows.length}`, key), field(`Value ${rows.length}`, value)));
  };
  addPair();
  const addButton = h('button', { type: 'button', class: 'secondary' }, 'Add another secret');
  addButton.addEventListener('click', addPair);
  const condition = conditionEditor();
  const msg = h('p', { 'aria-live': 'polite' });
  const review = h('button', { type: 'submit' }, 'Encrypt and show the cost');
  const sign = signStep(msg, async (text) => {
    for (const row of rows) row.value.value = '';
    say(msg, 'notice', text);
    await reload();
  });

  const form = h(
    'form',
    { novalidate: true, 'aria-label': 'New secrets entry' },
    h(
      'div',
      { class: 'row' },
      field('Repository', repo, 'the repo the secrets are for (as requests name it)'),
      field('Branch (optional)', branch, 'empty: any branch'),
      field('Profile', profile),
    ),
    h('fieldset', {}, h('legend', {}, 'Secrets (encrypted in this page)'), pairsBox, addButton),
    condition.el,
    h('div', { class: 'row' }, review, sign.button),
    msg,
  );
  // Any edit invalidates a quoted envelope: it must be encrypted again for what is on screen.
  form.addEventListener('input', () => sign.withdraw());

  form.addEventListener('submit', (e) => {
    e.preventDefault();
    sign.withdraw();
    void (async () => {
      try {
        const signer = signerNow();
        const scope: KeystoreScope = {
          chain: signer.chain as ChainId,
          owner: owner.value.trim(),
          repo: repo.value.trim(),
          branch: branch.value.trim() || null,
        };
        if (!scope.owner) throw new Error('enter the owner account above (COMMON__INVALID_ARGUMENT)');
        assertScope(scope);
        assertProfile(profile.value.trim());
        const secrets = readPairs(rows);
        const cond = condition.read();
        say(msg, 'notice', 'Fetching the keystore key and encrypting…');
        const q = { chain: scope.chain, owner: scope.owner, repo: scope.repo, branch: scope.branch ?? undefined };
        const { publicKey } = await getJson<{ publicKey: string }>('/v1/keystore/pubkey', q);
        const envelope = encryptSecrets(parseScopePublicKey(publicKey), scope, profile.value.trim(), secrets);
        const entry = { owner: scope.owner, repo: scope.repo, branch: scope.branch, profile: profile.value.trim(), envelope, condition: cond };
        const quote = await signer.quote(entry);
        sign.offer({ entry, quote, signer });
        say(msg, 'notice', `Encrypted (${envelope.length} characters of ciphertext). ${quote.text}`);
        sign.button.focus();
      } catch (err) {
        say(msg, 'error', describeError(err));
      }
    })();
  });
  return form;
}
